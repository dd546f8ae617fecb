package dev.turnstile.bench;

import dev.turnstile.json.FramedInput;
import dev.turnstile.json.JsonFramer;
import dev.turnstile.json.JsonRequestException;
import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.RequestDecoder;
import dev.turnstile.json.ResponseEncoder;
import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.server.RequestPipeline;
import dev.turnstile.sample.EchoHandler;
import dev.turnstile.sample.PingHandler;
import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The server thread's work for one request, step by step and as a whole, through core's public
 * API only: the framer finds the text, the decoder builds the map, the router checks the token,
 * calls the handler and encodes its answer (as the pipeline calls it), the encoder alone writes a
 * line. {@code pipeline} is the server's own {@code RequestPipeline}, the object each connection
 * drives, fed one request per call through a channel, as reads feed it. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} is the bytes allocated per request.
 *
 * <pre>
 * java -cp 'benchmarks/target/*:benchmarks/target/lib/*' org.openjdk.jmh.Main RequestPathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseSerialGC")
public class RequestPathBenchmark {

    private static final String TOKEN = "5b0f2c8e3a1d4f6b7c9e0a2b4d6f8a1c3e5b7d9f0a2c4e6b8d0f1a3c5e7b9d2f";

    /**
     * {@code ping}: the smallest request; {@code echo1k}: {@code /echo} with a 1 KiB string;
     * {@code echo768k}: with a 768 KiB one, the size of a file chunk.
     */
    @Param({"ping", "echo1k", "echo768k"})
    public String request;

    private byte[] bytes;
    private final FramedInput input = new FramedInput(1024 * 1024);
    private final RequestDecoder decoder = new RequestDecoder();
    private final OutputBuffer out = new OutputBuffer();
    private final Client client = new Client();
    private final Session session = new BenchSession();
    private RequestPipeline requestPipeline;
    private Router router;
    private Map<String, Object> members;
    private Response response;

    @Setup
    public void setUp() throws StartupException, JsonRequestException, IOException {
        String text = request.equals("ping")
                ? "{\"url\":\"/ping\",\"token\":\"" + TOKEN + "\"}\n"
                : "{\"url\":\"/echo\",\"token\":\"" + TOKEN + "\",\"data\":\""
                        + "abcdefghijklmnop".repeat(request.equals("echo1k") ? 64 : 48 * 1024) + "\"}\n";
        bytes = text.getBytes(StandardCharsets.UTF_8);
        router = new Router(RouteTable.of(new BenchLogin(), new PingHandler(), new EchoHandler()));
        session.grantToken(TOKEN);
        members = decoder.decode(bytes, 0, bytes.length - 1);
        response = router.answer(members, session, out);
        out.writeTo(client);
        if (response.code() != 200) {
            throw new IllegalStateException("the benchmark request is refused: " + response.body());
        }
        requestPipeline = new RequestPipeline(router, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024,
                new InetSocketAddress("127.0.0.1", 40000), () -> { });
        client.fill("{\"url\":\"/login\"}\n".getBytes(StandardCharsets.UTF_8));
        requestPipeline.readFrom(client);
        requestPipeline.serve(0);
        requestPipeline.writeTo(client);
        if (!requestPipeline.loggedIn()) {
            throw new IllegalStateException("the benchmark's pipeline did not log in");
        }
    }

    /** The framer over a stream of requests, the buffer compacted as the server's is. */
    @Benchmark
    public int framer() {
        input.append(bytes, 0, bytes.length);
        if (input.next() != JsonFramer.Result.TEXT) {
            throw new IllegalStateException("not framed");
        }
        return input.end();
    }

    @Benchmark
    public Map<String, Object> decoder() throws JsonRequestException {
        return decoder.decode(bytes, 0, bytes.length - 1);
    }

    /** The router's policy, the handler and the encoding of its answer, as the pipeline calls it. */
    @Benchmark
    public long router() throws IOException {
        router.answer(members, session, out);
        return out.writeTo(client);
    }

    @Benchmark
    public long encoder() throws IOException {
        ResponseEncoder.encode(response, false, null, out);
        return out.writeTo(client);
    }

    /** The whole request path as the server's connection drives it: bytes in, one line out. */
    @Benchmark
    public long pipeline() throws IOException {
        long written = 0;
        // A large request goes in as reads bring it: as much as the input buffer takes each time.
        client.fill(bytes);
        while (client.remaining() > 0) {
            requestPipeline.readFrom(client);
            requestPipeline.serve(0);
            written += requestPipeline.writeTo(client);
        }
        return written;
    }

    /** A token-free handler that grants the benchmark's token, as the login plugin would. */
    public static final class BenchLogin implements Handler {

        @Override
        public String url() {
            return "/login";
        }

        @Override
        public boolean needsToken() {
            return false;
        }

        @Override
        public Response handle(Request request, Session session) {
            session.grantToken(TOKEN);
            return Response.ok();
        }
    }

    /**
     * A client that is never in the way: it gives the bytes it was filled with, as much as each read
     * has room for, and takes every byte written, so the output buffer drains as it would to a fast
     * client.
     */
    private static final class Client implements ByteChannel {

        private byte[] bytes = new byte[0];
        private int offset;

        void fill(byte[] next) {
            bytes = next;
            offset = 0;
        }

        int remaining() {
            return bytes.length - offset;
        }

        @Override
        public int read(ByteBuffer dst) {
            int n = Math.min(dst.remaining(), remaining());
            dst.put(bytes, offset, n);
            offset += n;
            return n;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Nothing to release.
        }
    }

    /** A logged-in connection, as the server's own session is package-private. */
    private static final class BenchSession implements Session {

        private final InetSocketAddress address = new InetSocketAddress("127.0.0.1", 40000);
        private final Map<String, Object> attributes = new HashMap<>();
        private String token;

        @Override
        public InetSocketAddress remoteAddress() {
            return address;
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public void grantToken(String token) {
            this.token = token;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public void closeAfterAnswer() {
        }
    }
}
