package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --bwlimit} on a real loopback socket, its waits counted on a manual clock. */
class ThrottledConnectionTest {

    private static final long RATE = 1_000_000;
    private static final int TOTAL = 1_000_000;

    @TempDir
    Path temp;

    private ServerSocketChannel listener;
    private SocketChannel near;
    private SocketChannel far;
    private final ManualClock clock = new ManualClock();
    private TokenBucket bucket;
    private Connection throttled;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        near = SocketChannel.open(listener.getLocalAddress());
        far = listener.accept();
        bucket = new TokenBucket(RATE, clock);
        throttled = new ThrottledConnection(new PlainConnection(near), bucket);
    }

    @AfterEach
    void close() throws IOException {
        near.close();
        far.close();
        listener.close();
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** Reads everything the far end gets until the near end closes its output. */
    private CompletableFuture<byte[]> drainFar() {
        return CompletableFuture.supplyAsync(() -> {
            ByteBuffer all = ByteBuffer.allocate(2 * TOTAL);
            try {
                while (far.read(all) >= 0) {
                    // until the end of the stream
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return java.util.Arrays.copyOf(all.array(), all.position());
        });
    }

    @Test
    void writesWaitForTheirShareOfTheRateAndArriveWhole() throws Exception {
        byte[] sent = random(TOTAL);
        CompletableFuture<byte[]> received = drainFar();

        throttled.write(ByteBuffer.wrap(sent));
        near.shutdownOutput();

        assertArrayEquals(sent, received.get());
        assertEquals((TOTAL - bucket.burst()) * 1_000_000_000L / RATE, clock.sleptNanos());
    }

    @Test
    void aFileRegionSentByTheKernelKeepsToTheRateToo() throws Exception {
        byte[] content = random(TOTAL);
        Path file = Files.write(temp.resolve("region.bin"), content);
        CompletableFuture<byte[]> received = drainFar();

        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            throttled.write(channel, 0, TOTAL, null);
        }
        near.shutdownOutput();

        assertArrayEquals(content, received.get());
        assertEquals((TOTAL - bucket.burst()) * 1_000_000_000L / RATE, clock.sleptNanos());
    }

    @Test
    void readsPayForWhatCameSoTheReaderFallsBehindAtTheRate() throws Exception {
        byte[] sent = random(TOTAL);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                far.write(ByteBuffer.wrap(sent));
                far.shutdownOutput();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        ByteBuffer into = ByteBuffer.allocateDirect(TOTAL + 1);
        int reads = 0;
        while (throttled.read(into) >= 0) {
            reads++;
        }
        writer.get();

        into.flip();
        byte[] got = new byte[into.remaining()];
        into.get(got);
        assertArrayEquals(sent, got);
        long expected = (TOTAL - bucket.burst()) * 1_000_000_000L / RATE;
        assertTrue(clock.sleptNanos() >= expected && clock.sleptNanos() <= expected + reads,
                clock.sleptNanos() + " ns slept for " + expected + " due, over " + reads + " reads");
    }
}
