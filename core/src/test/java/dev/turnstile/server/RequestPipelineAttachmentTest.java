package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.TestHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Attachments (SPEC §2) through the request path without a socket: framing, refusals, order, backpressure, files. */
class RequestPipelineAttachmentTest {

    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final int LIMIT = 64 * 1024;
    private static final String PONG = "{\"code\":200,\"pong\":true}\n";

    @TempDir
    Path dir;

    private final TestHandlers.Region region = new TestHandlers.Region();
    private final TestHandlers.Later later = new TestHandlers.Later();
    private RequestPipeline pipeline;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        pipeline = pipeline(1024 * 1024);
        token = login();
    }

    private RequestPipeline pipeline(int maxPending) throws Exception {
        Router router = new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                new TestHandlers.Fail(), new TestHandlers.Bytes(), region, later));
        return new RequestPipeline(router, 1024 * 1024, maxPending, LIMIT, CLIENT, () -> { });
    }

    private String login() throws IOException {
        send("{\"url\":\"/login\"}");
        String line = new String(written(), StandardCharsets.UTF_8);
        return line.substring(line.indexOf(":\"") + 2, line.lastIndexOf('"'));
    }

    /** Sends the bytes in reads of {@code chunk} bytes, serving after each. */
    private void send(byte[] bytes, int chunk) {
        int offset = 0;
        while (offset < bytes.length && !pipeline.ended()) {
            offset += pipeline.append(bytes, offset, Math.min(chunk, bytes.length - offset));
            pipeline.serve(0);
        }
    }

    private void send(String text) {
        send(utf8(text), Integer.MAX_VALUE);
    }

    private byte[] written() throws IOException {
        FakeTransport sink = new FakeTransport();
        while (pipeline.writeTo(sink) > 0) {
            // take all that may go
        }
        return sink.takeWrittenBytes();
    }

    private String writtenText() throws IOException {
        return new String(written(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            all.writeBytes(part);
        }
        return all.toByteArray();
    }

    private String ping() {
        return "{\"url\":\"/ping\",\"token\":\"" + token + "\"}";
    }

    private byte[] bytesRequest(byte[] data) {
        return concat(utf8("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":" + data.length + ",\"id\":1}\n"),
                data);
    }

    @Test
    void anAttachmentThatHoldsARequestIsDataAndTheNextRequestStartsRightAfterItHoweverTheBytesArrive() throws Exception {
        byte[] data = utf8("{\"url\":\"/time\"}\n{\"url\":\"/ping\"}");
        byte[] stream = concat(bytesRequest(data), utf8(ping()));
        byte[] expected = concat(utf8("{\"code\":200,\"id\":1,\"received\":" + data.length + ",\"attachment\":" + data.length
                + "}\n"), data, utf8(PONG));
        for (int chunk : new int[] {Integer.MAX_VALUE, 1, 7}) {
            send(stream, chunk);
            assertArrayEquals(expected, written(), "reads of " + chunk + " bytes");
        }
    }

    @Test
    void anEmptyAttachmentIsRoutedAtItsNewline() throws Exception {
        send(concat(bytesRequest(new byte[0]), utf8(ping())), Integer.MAX_VALUE);
        assertEquals("{\"code\":200,\"id\":1,\"received\":0,\"attachment\":0}\n" + PONG, writtenText());
    }

    @Test
    void refusalsOfTheRouterAndTheHandlerComeAfterTheBytesWhichAreConsumedAndTheNextRequestIsServed() throws Exception {
        String[] refused = {
            "{\"url\":\"/nope\",\"token\":\"" + token + "\",\"attachment\":5}",
            "{\"url\":\"/ping\",\"token\":\"wrong\",\"attachment\":5}",
            "{\"url\":\"/echo\",\"token\":\"" + token + "\",\"attachment\":5}",
            "{\"url\":\"/fail\",\"token\":\"" + token + "\",\"attachment\":5}",
            "{\"token\":\"" + token + "\",\"attachment\":5}",
        };
        String[] answers = {
            "{\"code\":400,\"error\":\"unknown url \\\"/nope\\\"; /routes lists the urls this server serves\"}\n",
            "{\"code\":401,\"error\":\"\\\"token\\\" is not valid on this connection; log in again\"}\n",
            "{\"code\":400,\"error\":\"\\\"data\\\" is required\"}\n",
            "{\"code\":500,\"error\":\"the handler for /fail failed; the server log has the details\"}\n",
            "{\"code\":400,\"error\":\"\\\"url\\\" is required\"}\n",
        };
        for (int i = 0; i < refused.length; i++) {
            send(refused[i] + "\r\n{\"a\"}" + ping());
            assertEquals(answers[i] + PONG, writtenText(), refused[i]);
            assertFalse(pipeline.ended());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "\"3\"", "null", "true", "[1]", "{}", "-99999999999999999999999"})
    void anAttachmentThatIsNotANonNegativeIntegerIs400AndThePipelineEnds(String value) throws Exception {
        send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":" + value + ",\"id\":9}\nabc" + ping());
        assertEquals("{\"code\":400,\"id\":9,\"error\":\"\\\"attachment\\\" must be a non-negative integer: the number of raw"
                + " bytes after the request; closing the connection\"}\n", writtenText());
        assertTrue(pipeline.ended());
    }

    @ParameterizedTest
    @ValueSource(strings = {" \nabc", "abc", "\r abc", "{}"})
    void anAttachmentWithoutTheNewlineAfterItsObjectIs400AndThePipelineEnds(String after) throws Exception {
        send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":3}" + after + ping());
        assertEquals("{\"code\":400,\"error\":\"a request's attachment follows its object after one newline (LF or CRLF);"
                + " closing the connection\"}\n", writtenText());
        assertTrue(pipeline.ended());
    }

    @Test
    void anAttachmentOverTheLimitIs413AndThePipelineEnds() throws Exception {
        send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":" + (LIMIT + 1) + ",\"id\":\"big\"}\n");
        assertEquals("{\"code\":413,\"id\":\"big\",\"error\":\"attachment of " + (LIMIT + 1) + " bytes is larger than the limit of "
                + LIMIT + " bytes; closing the connection\"}\n", writtenText());
        assertTrue(pipeline.ended());
    }

    @Test
    void anAttachmentOfExactlyTheLimitIsServed() throws Exception {
        byte[] data = new byte[LIMIT];
        new Random(1).nextBytes(data);
        send(bytesRequest(data), 4096);
        byte[] out = written();
        byte[] line = utf8("{\"code\":200,\"id\":1,\"received\":" + LIMIT + ",\"attachment\":" + LIMIT + "}\n");
        assertArrayEquals(concat(line, data), out);
    }

    @Test
    void anAttachmentBeforeLoginIs413AndThePipelineEnds() throws Exception {
        pipeline = pipeline(1024 * 1024);
        send("{\"url\":\"/login\",\"attachment\":0}\n");
        assertEquals("{\"code\":413,\"error\":\"attachments are allowed only after login; closing the connection\"}\n",
                writtenText());
        assertTrue(pipeline.ended());
    }

    @Test
    void aRequestThatIsNotValidJsonButNamesAttachmentIs400AndThePipelineEndsForItsBytesCannotBeFramed() throws Exception {
        send("{\"url\":\"/bytes\",\"attachment\":3,}\n{}}");
        String out = writtenText();
        assertTrue(out.startsWith("{\"code\":400,\"error\":\"request is not valid JSON"), out);
        assertTrue(out.endsWith("it names \\\"attachment\\\", so what follows cannot be framed: closing the connection\"}\n"), out);
        assertTrue(pipeline.ended());
    }

    @Test
    void theInputEndingBeforeTheAttachmentIsCompleteIsAnswered400() throws Exception {
        send("{\"url\":\"/bytes\",\"token\":\"" + token + "\",\"attachment\":10,\"id\":2}\nabc");
        pipeline.endInput();
        pipeline.serve(0);
        assertEquals("{\"code\":400,\"id\":2,\"error\":\"the connection was closed before the request's attachment was"
                + " complete\"}\n", writtenText());
        assertTrue(pipeline.finished());
    }

    @Test
    void aFileRegionLargerThanTheOutputLimitIsSentWholeWhileNothingMoreIsServedUntilItDrains() throws Exception {
        pipeline = pipeline(64 * 1024);
        token = login();
        byte[] content = new byte[1024 * 1024];
        new Random(2).nextBytes(content);
        Path file = Files.write(dir.resolve("big"), content);
        String request = "{\"url\":\"/region\",\"token\":\"" + token + "\",\"path\":\"" + file + "\",\"offset\":0,\"count\":"
                + content.length + "}";
        send(request + ping());
        assertTrue(pipeline.backedUp(), "a region counts by its size");
        assertFalse(pipeline.wantsInput(), "nothing is read until it drains");
        FakeTransport client = new FakeTransport();
        client.room(100_000);
        pipeline.writeTo(client);
        assertTrue(pipeline.backedUp());
        client.room(Long.MAX_VALUE);
        pipeline.writeTo(client);
        assertFalse(pipeline.backedUp());
        pipeline.serve(0);
        pipeline.writeTo(client);
        byte[] line = utf8("{\"code\":200,\"path\":\"" + file + "\",\"attachment\":" + content.length + "}\n");
        assertArrayEquals(concat(line, content, utf8(PONG)), client.takeWrittenBytes());
        assertFalse(region.opened().get(0).isOpen(), "closed once sent");
    }

    @Test
    void closingThePipelineClosesTheFilesOfAttachmentsNotSent() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[1000]);
        send("{\"url\":\"/region\",\"token\":\"" + token + "\",\"path\":\"" + file + "\",\"offset\":0,\"count\":1000}");
        FileChannel queued = region.opened().get(0);
        assertTrue(queued.isOpen());
        pipeline.close();
        assertFalse(queued.isOpen());
    }

    @Test
    void aLaterAnswerWithAnAttachmentIsWrittenInItsPlaceAndOneThatComesAfterTheCloseHasItsFileClosed() throws Exception {
        send("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"a\"}" + ping());
        later.job("a").complete(Response.ok().withAttachment(Attachment.of(java.nio.ByteBuffer.wrap(utf8("raw\n{")))));
        pipeline.wake(0);
        assertEquals("{\"code\":200,\"attachment\":5}\nraw\n{" + PONG, writtenText());

        send("{\"url\":\"/later\",\"token\":\"" + token + "\",\"job\":\"b\"}");
        pipeline.close();
        FileChannel file = FileChannel.open(Files.write(dir.resolve("late"), new byte[10]));
        later.job("b").complete(Response.ok().withAttachment(Attachment.of(file, 0, 10)));
        assertFalse(file.isOpen(), "nobody will send it: its file is closed as it comes");
    }
}
