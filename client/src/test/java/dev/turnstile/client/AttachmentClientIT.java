package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attachments (SPEC §2) between {@link TurnstileClient} and a real server over loopback: a request's
 * bytes from an array, a buffer or a file region, an answer's bytes into a sink or skipped,
 * pipelined among other answers, larger than every buffer on the way. The server's {@code /bytes}
 * sends a request's attachment back; {@code /region} answers a region of a file, sent from the file.
 * {@link TlsAttachmentClientIT} runs them all over TLS.
 */
class AttachmentClientIT {

    @TempDir
    Path dataDir;

    @TempDir
    Path files;

    private TurnstileServer server;
    TurnstileClient client;

    /** @return the server's configuration: plain here, TLS in the subclass */
    ServerConfig transport(ServerConfig config) {
        return config;
    }

    /** @return the client's options for the server: plain here, TLS in the subclass */
    ClientOptions options(ClientOptions options) {
        return options;
    }

    @BeforeEach
    void start() throws Exception {
        server = TurnstileServer.start(transport(ServerConfig.defaults().withPort(0).withDataDir(dataDir)),
                LoadedPlugin.handlers(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Bytes(),
                        new TestHandlers.Region()));
        client = TurnstileClient.connect(options(ClientOptions.defaults().withPort(server.address().getPort())
                .withHostname("attachments")));
        client.login();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Random bytes with a request, braces and newlines in them, which must stay data. */
    private static byte[] data(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        byte[] request = "\n{\"url\":\"/ping\"}\n".getBytes();
        for (int at = 0; at + request.length < size; at += 10_000) {
            System.arraycopy(request, 0, bytes, at, request.length);
        }
        return bytes;
    }

    /** A sink that keeps what it is given, and the largest piece. */
    private static final class Kept implements AttachmentSink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int largestPiece;

        @Override
        public void accept(ByteBuffer piece) {
            largestPiece = Math.max(largestPiece, piece.remaining());
            byte[] copy = new byte[piece.remaining()];
            piece.get(copy);
            bytes.writeBytes(copy);
        }
    }

    private Reply bytes(Attachment attachment, Kept into) throws Exception {
        return client.submit(Map.of("url", "/bytes"), attachment, into).join();
    }

    @Test
    void aRequestsBytesFromAnArrayABufferOrAFileArriveWholeAndComeBackAsTheAnswersAttachment() throws Exception {
        byte[] data = data(3_000_000, 1);
        Path file = Files.write(files.resolve("data.bin"), data);
        ByteBuffer direct = ByteBuffer.allocateDirect(data.length).put(data).flip();

        try (FileChannel channel = FileChannel.open(file)) {
            for (Attachment attachment : List.of(Attachment.of(data), Attachment.of(direct),
                    Attachment.of(data, 1000, 5000), Attachment.of(channel, 0, data.length))) {
                Kept kept = new Kept();
                Reply reply = bytes(attachment, kept);

                assertEquals(200, reply.code(), reply.line());
                assertEquals(attachment.length(), reply.body().get("attachment"));
                byte[] expected = attachment.length() == 5000 ? java.util.Arrays.copyOfRange(data, 1000, 6000) : data;
                assertArrayEquals(expected, kept.bytes.toByteArray());
                assertTrue(kept.largestPiece <= AnswerFramer.BUFFER_BYTES, "the reader holds one buffer");
            }
        }
        assertEquals(data.length, direct.remaining(), "the caller's buffer is not moved");
    }

    @Test
    void aWatcherSeesExactlyTheBytesThatWentOutAndAFileThatEndsEarlyIsMadeUpWithZeros() throws Exception {
        byte[] data = data(700_000, 2);
        Path file = Files.write(files.resolve("short.bin"), data);
        Kept watched = new Kept();
        Kept back = new Kept();

        try (FileChannel channel = FileChannel.open(file)) {
            Reply reply = bytes(Attachment.of(channel, 0, data.length + 100).watchedBy(watched), back);

            assertEquals(200, reply.code());
        }
        byte[] expected = java.util.Arrays.copyOf(data, data.length + 100);
        assertArrayEquals(expected, watched.bytes.toByteArray());
        assertArrayEquals(expected, back.bytes.toByteArray());
        assertEquals(true, client.call("/ping", Map.of()).get("pong"), "the stream stayed framed");
    }

    @Test
    void pipelinedRegionsGoStraightIntoAFileInOrderAmongOtherAnswers() throws Exception {
        byte[] data = data(5_000_000, 3);
        Path source = Files.write(files.resolve("source.bin"), data);
        Path copy = files.resolve("copy.bin");
        int chunk = 700_000;
        List<CompletableFuture<?>> answers = new ArrayList<>();
        try (FileChannel out = FileChannel.open(copy, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (long offset = 0; offset < data.length; offset += chunk) {
                long at = offset;
                Map<String, Object> params = new LinkedHashMap<>();
                params.put("path", source.toString());
                params.put("offset", offset);
                params.put("count", Math.min(chunk, data.length - offset));
                answers.add(client.callAsync("/region", params, null, new AnswerReader<Long>() {
                    long written;

                    @Override
                    public Long read(Map<String, Object> answer) {
                        return (Long) answer.get("attachment");
                    }

                    @Override
                    public AttachmentSink attachment(Long length, long count) {
                        return piece -> written += out.write(piece, at + written);
                    }
                }));
                answers.add(client.callAsync("/ping", Map.of()));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        }

        assertArrayEquals(data, Files.readAllBytes(copy));
    }

    @Test
    void withoutASinkAnAnswersBytesAreSkippedCountedAndTheNextAnswerIsRead() throws Exception {
        Reply reply = client.submit(Map.of("url", "/bytes"), Attachment.of(data(100_000, 4))).join();
        CompletableFuture<Map<String, Object>> ping = client.callAsync("/ping", Map.of());

        assertEquals(100_000L, reply.body().get("attachment"));
        assertEquals(true, ping.join().get("pong"));
    }

    @Test
    void aSinkThatFailsFailsItsCallOnlyAndTheConnectionGoesOn() throws Exception {
        CompletableFuture<Reply> failed = client.submit(Map.of("url", "/bytes"), Attachment.of(data(50_000, 5)),
                piece -> {
                    throw new IOException("the disk is full");
                });

        assertEquals("the disk is full", assertThrows(java.util.concurrent.CompletionException.class, failed::join)
                .getCause().getMessage());
        assertEquals(true, client.call("/ping", Map.of()).get("pong"));
    }

    @Test
    void anAttachmentMemberWithoutItsBytesIsRefusedBeforeAnythingIsSent() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> client.submit(Map.of("url", "/bytes", "attachment", 3L)));

        assertEquals(true, client.call("/ping", Map.of()).get("pong"));
    }
}
