package dev.turnstile.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator: one connection with {@code TCP_NODELAY}, a {@code /login}, then each
 * workload for a fixed time, keeping {@code window} requests in flight (1 = sequential round
 * trips). Every answer must start {@code {"code":200} and have the exact length of the right
 * answer, or the run fails. Prints one {@code RESULT} line per workload: requests per second and
 * the 50th and 99th percentile of the time from writing a request to reading its answer.
 *
 * <p>Built to cost the client as little as possible: request bytes are prepared once in a direct
 * buffer, each read is answered by one write of as many new requests as answers arrived, and an
 * answer is checked by its first bytes and its length, not scanned byte by byte.
 *
 * <pre>
 * java -cp 'target/*:target/lib/*' dev.turnstile.bench.LoadClient --port 8888 --seconds 5 \
 *     --warmup 20 --workloads ping:1:0,ping:128:0,echo:1:16384,echo:32:1024
 * </pre>
 */
public final class LoadClient {

    static final String DEFAULT_WORKLOADS = "ping:1:0,ping:128:0,echo:1:16384,echo:32:1024";
    private static final byte[] OK = "{\"code\":200".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern TOKEN = Pattern.compile("\"token\":\"([^\"]+)\"");

    private final SocketChannel channel;
    private final String token;
    private final ByteBuffer in = ByteBuffer.allocate(1 << 20);

    private LoadClient(SocketChannel channel, String token) {
        this.channel = channel;
        this.token = token;
    }

    /**
     * @param args {@code --host}, {@code --port}, {@code --seconds} per workload,
     *     {@code --warmup} at most this many seconds, {@code --workloads url:window:payload,...}
     */
    public static void main(String[] args) throws IOException {
        String host = "127.0.0.1";
        int port = 8888;
        double seconds = 5;
        double warmup = 0;
        String workloads = DEFAULT_WORKLOADS;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--seconds" -> seconds = Double.parseDouble(value);
                case "--warmup" -> warmup = Double.parseDouble(value);
                case "--workloads" -> workloads = value;
                default -> {
                    System.err.println("usage: LoadClient [--host H] [--port P] [--seconds S] [--warmup MAX_S] "
                            + "[--workloads url:window:payload,...]");
                    System.exit(2);
                }
            }
        }
        List<Workload> table = new ArrayList<>();
        for (String text : workloads.split(",")) {
            table.add(Workload.parse(text));
        }
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port))) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            LoadClient client = new LoadClient(channel, login(channel));
            if (warmup > 0) {
                client.warmUp(table, (long) (warmup * 1e9));
            }
            for (Workload workload : table) {
                Result result = client.run(workload, (long) (seconds * 1e9));
                System.out.println("RESULT workload=" + workload + " " + result);
            }
        }
    }

    /**
     * Runs every workload for half a second per round until a round's throughput (the geometric
     * mean over the workloads) has not improved by 2 % on the best round twice in a row, or the
     * time is up. The JIT of both processes is then done with the code paths measured.
     */
    private void warmUp(List<Workload> table, long maxNanos) throws IOException {
        long start = System.nanoTime();
        double best = 0;
        int stale = 0;
        int rounds = 0;
        while (System.nanoTime() - start < maxNanos && stale < 2) {
            double logSum = 0;
            for (Workload workload : table) {
                logSum += Math.log(Math.max(1, run(workload, 500_000_000L).perSecond()));
            }
            double score = Math.exp(logSum / table.size());
            rounds++;
            if (score > best * 1.02) {
                stale = 0;
            } else {
                stale++;
            }
            best = Math.max(best, score);
        }
        System.out.printf(Locale.ROOT, "WARMUP rounds=%d seconds=%.1f%n", rounds, (System.nanoTime() - start) / 1e9);
    }

    private static String login(SocketChannel channel) throws IOException {
        write(channel, ByteBuffer.wrap("{\"url\":\"/login\",\"hostname\":\"bench\"}\n".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer line = ByteBuffer.allocate(4096);
        while (line.position() == 0 || line.get(line.position() - 1) != '\n') {
            if (channel.read(line) < 0 || !line.hasRemaining()) {
                throw new IOException("the server closed the connection or sent no line after /login");
            }
        }
        String answer = new String(line.array(), 0, line.position(), StandardCharsets.UTF_8);
        Matcher token = TOKEN.matcher(answer);
        if (!answer.startsWith("{\"code\":200") || !token.find()) {
            throw new IOException("/login was refused: " + answer.strip());
        }
        return token.group(1);
    }

    private Result run(Workload workload, long nanos) throws IOException {
        byte[] one = workload.request(token);
        int window = workload.window();
        ByteBuffer requests = ByteBuffer.allocateDirect(one.length * window);
        for (int i = 0; i < window; i++) {
            requests.put(one);
        }
        int answerLength = workload.answerLength();
        long[] sentAt = new long[window];
        LatencyHistogram latencies = new LatencyHistogram();
        int oldest = 0;
        int inFlight = 0;
        int linePos = 0;
        long start = System.nanoTime();
        long deadline = start + nanos;
        long last = start;

        send(requests, one.length, window);
        for (int i = 0; i < window; i++) {
            sentAt[i] = start;
        }
        inFlight = window;
        in.clear();
        while (inFlight > 0) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                throw new IOException("the server closed the connection during " + workload);
            }
            long now = System.nanoTime();
            byte[] a = in.array();
            int answered = 0;
            int p = 0;
            while (p < n) {
                if (linePos < OK.length) {
                    if (a[p] != OK[linePos]) {
                        throw new IOException("an answer during " + workload + " was not a 200: "
                                + new String(a, Math.max(0, p - linePos), Math.min(n - p + linePos, 200),
                                        StandardCharsets.UTF_8));
                    }
                    linePos++;
                    p++;
                    continue;
                }
                // The rest of the line is known by its length; only its last byte is looked at.
                int skip = Math.min(answerLength - 1 - linePos, n - p);
                p += skip;
                linePos += skip;
                if (linePos == answerLength - 1 && p < n) {
                    if (a[p] != '\n') {
                        throw new IOException("an answer during " + workload + " does not have the length "
                                + answerLength + " of the right answer");
                    }
                    p++;
                    linePos = 0;
                    answered++;
                    latencies.record(now - sentAt[oldest]);
                    oldest = oldest + 1 == window ? 0 : oldest + 1;
                }
            }
            if (answered == 0) {
                continue;
            }
            inFlight -= answered;
            last = now;
            if (now < deadline) {
                send(requests, one.length, answered);
                // The new requests take the slots the answered ones left, in order.
                int slot = (oldest + inFlight) % window;
                for (int i = 0; i < answered; i++) {
                    sentAt[slot] = now;
                    slot = slot + 1 == window ? 0 : slot + 1;
                }
                inFlight += answered;
            }
        }
        return new Result(latencies.count(), last - start, latencies.quantile(0.5), latencies.quantile(0.99));
    }

    private void send(ByteBuffer requests, int length, int count) throws IOException {
        requests.limit(length * count).position(0);
        write(channel, requests);
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    /** What one workload measured. */
    record Result(long requests, long nanos, long p50, long p99) {

        double perSecond() {
            return nanos == 0 ? 0 : requests * 1e9 / nanos;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "requests=%d seconds=%.2f rps=%.0f p50_us=%.1f p99_us=%.1f",
                    requests, nanos / 1e9, perSecond(), p50 / 1e3, p99 / 1e3);
        }
    }
}
