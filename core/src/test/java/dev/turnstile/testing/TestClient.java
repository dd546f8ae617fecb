package dev.turnstile.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A blocking socket client for integration tests: writes raw bytes, reads response lines, and
 * parses them into maps. Every read gives up after {@link #TIMEOUT_MILLIS}.
 */
public final class TestClient implements Closeable {

    public static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static TestClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        socket.connect(address, TIMEOUT_MILLIS);
        return new TestClient(socket);
    }

    /**
     * Connects over TLS, trusting {@link TestKeystore}'s certificate. The handshake happens on the
     * first read or write, so a queued connection does not wait for it here.
     */
    public static TestClient connectTls(InetSocketAddress address) throws IOException {
        return connectTls(address, TestKeystore.clientContext());
    }

    /** Connects over TLS with the given client context; the handshake happens on first use. */
    public static TestClient connectTls(InetSocketAddress address, SSLContext context) throws IOException {
        Socket plain = new Socket();
        plain.setTcpNoDelay(true);
        plain.setSoTimeout(TIMEOUT_MILLIS);
        plain.connect(address, TIMEOUT_MILLIS);
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(plain, address.getHostString(), address.getPort(), true);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return new TestClient(socket);
    }

    public Socket socket() {
        return socket;
    }

    /** Writes the text as UTF-8, exactly as given (no newline is added). */
    public TestClient send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.UTF_8));
    }

    public TestClient send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** @return the next response line without its newline, or {@code null} at end of stream */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("stream ended inside a line: " + line.toString(StandardCharsets.UTF_8));
        }
        return null;
    }

    /**
     * @param count how many bytes to read: an answer's attachment
     * @return exactly that many bytes
     * @throws IOException when the stream ends before
     */
    public byte[] readBytes(int count) throws IOException {
        byte[] bytes = in.readNBytes(count);
        if (bytes.length < count) {
            throw new IOException("the stream ended after " + bytes.length + " of " + count + " bytes");
        }
        return bytes;
    }

    /** @return the next response line parsed into a map */
    public Map<String, Object> readResponse() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new IOException("the server closed the connection instead of answering");
        }
        return parse(line);
    }

    /** Sends the request followed by a newline and returns its parsed response. */
    public Map<String, Object> call(String request) throws IOException {
        send(request + "\n");
        return readResponse();
    }

    /** Logs in with {@code /login} and returns the token. */
    public String login(String hostname) throws IOException {
        Map<String, Object> response = call("{\"url\":\"/login\",\"hostname\":\"" + hostname + "\"}");
        if (!Long.valueOf(200).equals(response.get("code"))) {
            throw new IOException("login failed: " + response);
        }
        return (String) response.get("token");
    }

    /** @return whether the server has closed the connection (end of stream within the timeout) */
    public boolean isClosedByServer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset is a close too
        }
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses one JSON object into the same plain-map form the server uses. */
    public static Map<String, Object> parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return toMap(reader.readObject());
        }
    }

    private static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((name, value) -> map.put(name, toJava(value)));
        return map;
    }

    private static Object toJava(JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT:
                return toMap(value.asJsonObject());
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonValue item : (JsonArray) value) {
                    list.add(toJava(item));
                }
                return list;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (number.isIntegral()) {
                    try {
                        return number.longValueExact();
                    } catch (ArithmeticException e) {
                        return number.bigIntegerValueExact();
                    }
                }
                return number.bigDecimalValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
