package dev.turnstile.testing;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
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

/**
 * A small line client for tests: it sends one JSON line and reads one line back, and turns the
 * answer into the plain maps the server itself uses. Errors are answers, not exceptions, so a
 * test can assert a 400 as easily as a 200.
 *
 * <pre>{@code
 * Map<String, Object> answer = client.call("/hello", Map.of("name", "x"));
 * assertEquals(200L, answer.get("code"));
 * assertEquals("{\"code\":200,\"hello\":\"x\"}", client.send("{\"url\":\"/hello\",\"name\":\"x\",\"token\":\"" + client.token() + "\"}"));
 * }</pre>
 *
 * <p>After a login, {@link #call} adds the {@code token} member to every request. Integers in
 * answers are {@link Long} (or {@link java.math.BigInteger}), other numbers
 * {@link java.math.BigDecimal}. Every read gives up after {@link #TIMEOUT_MILLIS}.
 */
public final class TurnstileTestClient implements Closeable {

    /** How long a read waits for an answer before the test fails. */
    public static final int TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private String token;

    private TurnstileTestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    /**
     * Connects without logging in.
     *
     * @param address the server's address
     * @return the connected client
     * @throws IOException when the connection fails
     */
    public static TurnstileTestClient connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return new TurnstileTestClient(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Logs in with {@code {"url":"/login","hostname":…}} and keeps the granted token for later calls.
     *
     * @param hostname the {@code hostname} member of the login
     * @return the token
     * @throws IOException when the connection fails
     * @throws IllegalStateException when the login is not answered 200 with a token
     */
    public String login(String hostname) throws IOException {
        Map<String, Object> answer = call("/login", Map.of("hostname", hostname));
        if (!Long.valueOf(200).equals(answer.get("code")) || !(answer.get("token") instanceof String granted)) {
            throw new IllegalStateException("the login was refused: " + answer);
        }
        token = granted;
        return granted;
    }

    /** @return the token of the last login, or {@code null} before one */
    public String token() {
        return token;
    }

    /**
     * Calls a url without parameters.
     *
     * @param url such as {@code "/ping"}
     * @return the answer, {@code code} first
     * @throws IOException when the connection fails or no answer comes
     */
    public Map<String, Object> call(String url) throws IOException {
        return call(url, Map.of());
    }

    /**
     * Calls a url: sends {@code url}, the parameters, and the token if logged in, and reads the answer.
     *
     * @param url such as {@code "/hello"}
     * @param params the other members; values as {@link Map}, {@link List}, {@link String},
     *     {@link Number}, {@link Boolean} or {@code null}
     * @return the answer, {@code code} first
     * @throws IOException when the connection fails or no answer comes
     */
    public Map<String, Object> call(String url, Map<String, ?> params) throws IOException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        request.putAll(params);
        if (token != null && !params.containsKey("token")) {
            request.put("token", token);
        }
        return parse(send(Json.createObjectBuilder(request).build().toString()));
    }

    /**
     * Sends one line exactly as given (a newline is added when missing) and reads one answer line.
     *
     * @param line the request, such as {@code {"url":"/ping"}}
     * @return the answer line without its newline
     * @throws IOException when the connection fails, or closes, or no answer comes in time
     */
    public String send(String line) throws IOException {
        out.write((line.endsWith("\n") ? line : line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readLine();
    }

    /**
     * Sends text exactly as given, without reading an answer: for requests pipelined before any
     * answer is read, or answered later; read the answers with {@link #readLine()}.
     *
     * @param text one or more requests
     * @return this client
     * @throws IOException when the connection fails
     */
    public TurnstileTestClient write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /**
     * Whether an answer has arrived that can be read without waiting: for a test that holds the
     * server's work (a {@link ManualExecutor}) and checks that nothing was answered meanwhile.
     *
     * @return whether bytes of an answer are waiting
     * @throws IOException when the connection fails
     */
    public boolean hasAnswerWaiting() throws IOException {
        return in.ready();
    }

    /**
     * Reads the next answer line, for answers that come without a request of their own.
     *
     * @return the line without its newline
     * @throws IOException when the connection closes or no answer comes in time
     */
    public String readLine() throws IOException {
        try {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            return line;
        } catch (SocketTimeoutException e) {
            throw new IOException("no answer within " + TIMEOUT_MILLIS + " ms", e);
        }
    }

    /**
     * Whether the server has closed the connection: reads until the end of input, and fails if
     * something else arrives first.
     *
     * @return {@code true} once the server has closed it
     * @throws IOException when a line arrives instead, or nothing happens in time
     */
    public boolean isClosedByServer() throws IOException {
        String extra = in.readLine();
        if (extra != null) {
            throw new IOException("expected the connection to close, but read: " + extra);
        }
        return true;
    }

    /**
     * Parses one JSON object into the plain-map form the server uses.
     *
     * @param json a JSON object, such as an answer line
     * @return its members in order
     */
    public static Map<String, Object> parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return toMap(reader.readObject());
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
