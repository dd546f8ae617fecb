package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The output as a queue of segments: lines, bytes and file regions, written in order however the channel takes them. */
class OutputBufferTest {

    @TempDir
    Path dir;

    /** Takes at most {@code max} bytes per call, counting the calls that went through a file region. */
    private static class Trickle implements WritableByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final int max;
        int room = Integer.MAX_VALUE;

        Trickle(int max) {
            this.max = max;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(Math.min(max, room), src.remaining());
            byte[] bytes = new byte[n];
            src.get(bytes);
            received.writeBytes(bytes);
            room -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /** A channel that sends file regions itself, as the transports do, and records each call. */
    private static final class RegionTrickle extends Trickle implements FileRegionChannel {
        final List<Long> regionCalls = new ArrayList<>();

        RegionTrickle(int max) {
            super(max);
        }

        @Override
        public long transferFrom(FileChannel file, long position, long count) throws IOException {
            regionCalls.add(position);
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(Math.min(count, max), room));
            file.read(chunk, position);
            chunk.flip();
            return write(chunk);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "region", ".bin"), content);
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] drain(OutputBuffer out, Trickle channel) throws IOException {
        while (out.pending() > 0) {
            assertTrue(out.writeTo(channel) > 0, "progress while the channel takes bytes");
        }
        return channel.received.toByteArray();
    }

    @Test
    void linesBytesAndFileRegionsGoOutInTheOrderTheyWereQueuedThroughAChannelThatTakesAFewBytesAtATime()
            throws Exception {
        byte[] bytes = random(10_000, 1);
        byte[] content = random(50_000, 2);
        FileChannel file = FileChannel.open(file(content));
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok("n", 1L), false, null, out);
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(ByteBuffer.wrap(bytes))), false, null, out);
        ResponseEncoder.encode(Response.ok("n", 2L), false, null, out);
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(file, 1000, 40_000)), true, 7L, out);
        ResponseEncoder.encode(Response.ok("n", 3L), false, null, out);

        RegionTrickle channel = new RegionTrickle(777);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(line("{\"code\":200,\"n\":1}"));
        expected.writeBytes(line("{\"code\":200,\"attachment\":10000}"));
        expected.writeBytes(bytes);
        expected.writeBytes(line("{\"code\":200,\"n\":2}"));
        expected.writeBytes(line("{\"code\":200,\"id\":7,\"attachment\":40000}"));
        expected.write(content, 1000, 40_000);
        expected.writeBytes(line("{\"code\":200,\"n\":3}"));
        assertEquals(expected.size(), out.pending(), "lines and both attachments count as pending");
        assertArrayEquals(expected.toByteArray(), drain(out, channel));
        assertTrue(channel.regionCalls.size() > 1, "the region went to the channel's own transfer, in pieces");
        assertFalse(file.isOpen(), "the file is closed once its region is sent");
    }

    @Test
    void linesQueuedWhileAnAttachmentIsHalfWrittenFollowIt() throws Exception {
        byte[] bytes = random(5000, 3);
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(ByteBuffer.wrap(bytes))), false, null, out);
        Trickle channel = new Trickle(1000);
        channel.room = 3000;
        while (out.writeTo(channel) > 0) {
            // until the channel is full
        }
        ResponseEncoder.encode(Response.ok("after", true), false, null, out);
        channel.room = Integer.MAX_VALUE;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(line("{\"code\":200,\"attachment\":5000}"));
        expected.writeBytes(bytes);
        expected.writeBytes(line("{\"code\":200,\"after\":true}"));
        assertArrayEquals(expected.toByteArray(), drain(out, channel));
    }

    @Test
    void aFileRegionGoesThroughTransferToOnAChannelThatCannotSendRegionsItself() throws Exception {
        byte[] content = random(30_000, 4);
        FileChannel file = FileChannel.open(file(content));
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(file, 0, content.length)), false, null, out);
        Trickle channel = new Trickle(4096);
        byte[] written = drain(out, channel);
        byte[] head = line("{\"code\":200,\"attachment\":30000}");
        assertArrayEquals(head, java.util.Arrays.copyOf(written, head.length));
        assertArrayEquals(content, java.util.Arrays.copyOfRange(written, head.length, written.length));
        assertFalse(file.isOpen());
    }

    @Test
    void aFileThatShrankBeforeItsRegionWasSentIsMadeUpWithZerosSoTheStreamStaysFramed() throws Exception {
        byte[] content = random(20_000, 5);
        Path path = file(content);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(line("{\"code\":200,\"attachment\":15000}"));
        expected.write(content, 5000, 3000);
        expected.writeBytes(new byte[12_000]);
        expected.writeBytes(line("{\"code\":200,\"next\":true}"));
        for (Trickle channel : List.of(new Trickle(1500), new RegionTrickle(1500))) {
            Files.write(path, content);
            FileChannel file = FileChannel.open(path);
            OutputBuffer out = new OutputBuffer();
            ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(file, 5000, 15_000)), false, null, out);
            ResponseEncoder.encode(Response.ok("next", true), false, null, out);
            try (FileChannel writer = FileChannel.open(path, StandardOpenOption.WRITE)) {
                writer.truncate(8000);
            }
            assertArrayEquals(expected.toByteArray(), drain(out, channel), channel.getClass().getSimpleName());
            assertFalse(file.isOpen());
        }
    }

    @Test
    void discardClosesTheFilesOfAttachmentsNotSentAndDropsEverything() throws Exception {
        FileChannel sent = FileChannel.open(file(random(100, 6)));
        FileChannel queued = FileChannel.open(file(random(100_000, 7)));
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(sent, 0, 100)), false, null, out);
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(queued, 0, 100_000)), false, null, out);
        Trickle channel = new Trickle(100_000);
        channel.room = 500;
        while (out.writeTo(channel) > 0) {
            // until the channel is full, in the second region
        }
        assertFalse(sent.isOpen());
        assertTrue(queued.isOpen());
        out.discard();
        assertFalse(queued.isOpen());
        assertEquals(0, out.pending());
    }

    @Test
    void dropClosesTheFileOfAnAttachmentThatWillNotBeSent() throws Exception {
        FileChannel file = FileChannel.open(file(random(10, 8)));
        OutputBuffer.drop(Attachment.of(file, 0, 10));
        assertFalse(file.isOpen());
        OutputBuffer.drop(null);
        OutputBuffer.drop(Attachment.of(ByteBuffer.allocate(3)));
    }

    @Test
    void anEmptyAttachmentIsALineAlone() throws Exception {
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok().withAttachment(Attachment.of(ByteBuffer.allocate(0))), false, null, out);
        ResponseEncoder.encode(Response.ok("b", 1L), false, null, out);
        assertArrayEquals("{\"code\":200,\"attachment\":0}\n{\"code\":200,\"b\":1}\n".getBytes(StandardCharsets.UTF_8),
                drain(out, new Trickle(5)));
    }
}
