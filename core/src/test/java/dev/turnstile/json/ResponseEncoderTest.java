package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Attachment;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.TestClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseEncoderTest {

    /** Takes at most {@code max} bytes per write, like a socket with a full send buffer. */
    private static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private final int max;

        TrickleChannel(int max) {
            this.max = max;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(max, src.remaining());
            for (int i = 0; i < n; i++) {
                received.write(src.get());
            }
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

    private static byte[] drain(OutputBuffer out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(bytes);
        while (out.pending() > 0) {
            out.writeTo(channel);
        }
        return bytes.toByteArray();
    }

    private static String encode(Response response, boolean hasId, Object id) throws IOException {
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(response, hasId, id, out);
        return new String(drain(out), StandardCharsets.UTF_8);
    }

    private static String encode(Response response) throws IOException {
        return encode(response, false, null);
    }

    private static Map<String, Object> body(Object... namesAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            body.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return body;
    }

    /** Asserts one line ending in exactly one LF, and returns it parsed. */
    private static Map<String, Object> parseLine(String line) {
        assertTrue(line.endsWith("\n"), line);
        assertEquals(1, line.chars().filter(c -> c == '\n').count(), "exactly one LF, at the end: " + line);
        return TestClient.parse(line);
    }

    @Test
    void codeComesFirstThenIdThenTheBodyInOrderThenOneLineFeed() throws Exception {
        String line = encode(Response.of(201, body("zeta", 1L, "alpha", "a", "mid", true)), true, "req-7");
        assertEquals("{\"code\":201,\"id\":\"req-7\",\"zeta\":1,\"alpha\":\"a\",\"mid\":true}\n", line);
    }

    @Test
    void withoutAnIdThereIsNoIdMember() throws Exception {
        assertEquals("{\"code\":200}\n", encode(Response.ok()));
        assertEquals("{\"code\":200,\"pong\":true}\n", encode(Response.ok("pong", true)));
    }

    @Test
    void aNullIdIsEchoedAsNull() throws Exception {
        assertEquals("{\"code\":200,\"id\":null}\n", encode(Response.ok(), true, null));
    }

    @Test
    void anIdOfAnyJsonTypeIsEchoedAsItCame() throws Exception {
        Object id = body("n", 1L, "l", Arrays.asList(true, null, new BigDecimal("2.5")), "s", "x");
        Map<String, Object> parsed = parseLine(encode(Response.ok("a", 1L), true, id));
        assertEquals(List.of("code", "id", "a"), new ArrayList<>(parsed.keySet()));
        assertEquals(id, parsed.get("id"));
        assertEquals(42L, parseLine(encode(Response.ok(), true, 42L)).get("id"));
        assertEquals(List.of(), parseLine(encode(Response.ok(), true, List.of())).get("id"));
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() throws Exception {
        String line = encode(Response.ok("s", "a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj\u007f"));
        assertEquals("{\"code\":200,\"s\":\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u001fj\u007f\"}\n", line);
    }

    @Test
    void lineAndParagraphSeparatorsAreEscaped() throws Exception {
        assertEquals("{\"code\":200,\"s\":\"a\\u2028b\\u2029c\"}\n", encode(Response.ok("s", "a\u2028b\u2029c")));
    }

    @Test
    void nonAsciiIsWrittenAsUtf8() throws Exception {
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok("s", "é€😀"), false, null, out);
        byte[] expected = "{\"code\":200,\"s\":\"é€😀\"}\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, drain(out));
    }

    @Test
    void loneSurrogatesAreEscaped() throws Exception {
        String line = encode(Response.ok("s", "a\uD800b\uDC00c\uDBFF"));
        assertEquals("{\"code\":200,\"s\":\"a\\ud800b\\udc00c\\udbff\"}\n", line);
        assertEquals("a\uD800b\uDC00c\uDBFF", parseLine(line).get("s"));
    }

    @Test
    void aSurrogatePairAcrossTheEncodersChunkBoundaryStaysOneCharacter() throws Exception {
        for (int prefix = 1020; prefix < 1030; prefix++) {
            String text = "x".repeat(prefix) + "😀" + "\uD83D";
            Map<String, Object> parsed = parseLine(encode(Response.ok("s", text)));
            assertEquals(text, parsed.get("s"), "prefix " + prefix);
        }
    }

    @Test
    void memberNamesAreEscapedLikeValues() throws Exception {
        Map<String, Object> parsed = parseLine(encode(Response.ok(body("a\"\n\u2028", Map.of("\\", 1L)))));
        assertEquals(body("code", 200L, "a\"\n\u2028", Map.of("\\", 1L)), parsed);
    }

    @Test
    void everyKindOfStringRoundTrips() throws Exception {
        List<String> texts = List.of("", "plain", "\"", "\\", "\\\"", "\u0000\u0001\u001f", "\u2028\u2029",
                "é€😀", "\uD800", "\uDC00", "\uDC00\uD800", "\uD83D\uDE00\uD83D", "\ufeff\uffff", "}\n{\"url\":\"/x\"}");
        for (String text : texts) {
            String line = encode(Response.ok(body("s", text, "l", List.of(text), "m", Map.of(text, text))), true, text);
            assertEquals(body("code", 200L, "id", text, "s", text, "l", List.of(text), "m", Map.of(text, text)),
                    parseLine(line), text);
        }
    }

    @Test
    void aCharacterThatNeedsCareIsWrittenRightAnywhereInALongPlainString() throws Exception {
        for (String special : List.of("\"", "\\", "\n", "\u0001", "\u001f", "\u007f", "é", "\u2028", "😀", "\uD800")) {
            for (int at = 0; at < 40; at++) {
                String text = "p".repeat(at) + special + "q".repeat(40 - at);
                assertEquals(body("code", 200L, "s", text), parseLine(encode(Response.ok(body("s", text)))),
                        "at " + at + ": " + text);
            }
        }
    }

    @Test
    void aStringLongEnoughToBeTriedWholeFallsBackForEveryCharacterThatNeedsCare() throws Exception {
        // From ResponseEncoder.BULK chars on, a string is first tried as plain ASCII, whole.
        for (String special : List.of("\"", "\\", "\n", "\u001f", "é", "\u2028", "😀", "\uD800", "\uDC00", "?")) {
            for (int at : List.of(0, 7, 8, ResponseEncoder.BULK - 1, ResponseEncoder.BULK + 3)) {
                String text = "p".repeat(at) + special + "q".repeat(ResponseEncoder.BULK + 5 - at);
                assertEquals(body("code", 200L, "s", text), parseLine(encode(Response.ok(body("s", text)))),
                        "at " + at + ": " + text);
            }
        }
        assertEquals("{\"code\":200,\"s\":\"" + "p".repeat(70) + "\\ud800\"}\n",
                encode(Response.ok("s", "p".repeat(70) + "\uD800")), "an unpaired surrogate is escaped, not a ?");
    }

    @Test
    void integersOfEveryWidthAreWrittenExactly() throws Exception {
        String line = encode(Response.ok(body("min", Long.MIN_VALUE, "max", Long.MAX_VALUE, "zero", 0L, "neg", -1L,
                "int", Integer.MIN_VALUE, "short", (short) -7, "byte", (byte) 9, "ten", 10L, "big",
                new BigInteger("-123456789012345678901234567890"))));
        assertEquals("{\"code\":200,\"min\":-9223372036854775808,\"max\":9223372036854775807,\"zero\":0,\"neg\":-1,"
                + "\"int\":-2147483648,\"short\":-7,\"byte\":9,\"ten\":10,\"big\":-123456789012345678901234567890}\n", line);
        Map<String, Object> parsed = parseLine(line);
        assertEquals(Long.MIN_VALUE, parsed.get("min"));
        assertEquals(new BigInteger("-123456789012345678901234567890"), parsed.get("big"));
    }

    @Test
    void decimalsAndDoublesAreWrittenAsJsonNumbers() throws Exception {
        Map<String, Object> parsed = parseLine(encode(Response.ok(body("dec", new BigDecimal("-1.50"), "huge",
                new BigDecimal("1e999999999"), "d", 0.1, "e", 1e300, "tiny", -4.9e-324, "f", 1.5f))));
        assertEquals(new BigDecimal("-1.50"), parsed.get("dec"));
        assertEquals(0, new BigDecimal("1e999999999").compareTo((BigDecimal) parsed.get("huge")));
        assertEquals(0.1, ((BigDecimal) parsed.get("d")).doubleValue());
        assertEquals(1e300, ((BigDecimal) parsed.get("e")).doubleValue());
        assertEquals(-4.9e-324, ((BigDecimal) parsed.get("tiny")).doubleValue());
        assertEquals(1.5, ((BigDecimal) parsed.get("f")).doubleValue());
    }

    @Test
    void nestedListsMapsAndIterablesAreWritten() throws Exception {
        Map<String, Object> body = body("l", Arrays.asList(1L, null, List.of(), Map.of()), "m", body("a", body("b",
                List.of("c"))), "set", new java.util.TreeSet<>(List.of("y", "x")), "chars", new StringBuilder("sb"));
        Map<String, Object> parsed = parseLine(encode(Response.ok(body)));
        assertEquals(Arrays.asList(1L, null, List.of(), Map.of()), parsed.get("l"));
        assertEquals(body("a", body("b", List.of("c"))), parsed.get("m"));
        assertEquals(List.of("x", "y"), parsed.get("set"));
        assertEquals("sb", parsed.get("chars"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "float NaN", "unknown object", "non-string key", "self-containing list",
        "self-containing map", "unknown object in id"})
    void aValueJsonCannotExpressIsRefusedAndLeavesTheBufferAsItWas(String kind) throws Exception {
        Response response;
        Object id = null;
        switch (kind) {
            case "NaN" -> response = Response.ok("v", Double.NaN);
            case "Infinity" -> response = Response.ok("v", Double.NEGATIVE_INFINITY);
            case "float NaN" -> response = Response.ok("v", Float.NaN);
            case "unknown object" -> response = Response.ok("v", List.of(1L, new Object()));
            case "non-string key" -> response = Response.ok("v", Map.of(1, "one"));
            case "self-containing list" -> {
                List<Object> list = new ArrayList<>();
                list.add(list);
                response = Response.ok("v", list);
            }
            case "self-containing map" -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("me", map);
                response = Response.ok("v", map);
            }
            default -> {
                response = Response.ok();
                id = new Object();
            }
        }
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(Response.ok("first", "x".repeat(20_000)), false, null, out);
        long before = out.pending();
        // A long string first, so the buffer grows before the failure and the rollback must cope.
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("pad", "é".repeat(30_000));
        bad.putAll(response.body());
        Response failing = Response.of(response.code(), bad);
        Object failingId = id;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResponseEncoder.encode(failing, failingId != null, failingId, out));
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
        assertEquals(before, out.pending(), "nothing of the failed response stays in the buffer");
        ResponseEncoder.encode(Response.ok("second", true), false, null, out);
        String written = new String(drain(out), StandardCharsets.UTF_8);
        assertEquals("{\"code\":200,\"first\":\"" + "x".repeat(20_000) + "\"}\n{\"code\":200,\"second\":true}\n", written);
    }

    @Test
    void aRefusedResponseIsRolledBackEvenWhenThePartlyWrittenBufferWasCompactedMeanwhile() throws Exception {
        OutputBuffer out = new OutputBuffer();
        String first = "{\"code\":200,\"first\":\"" + "x".repeat(10_000) + "\"}\n";
        ResponseEncoder.encode(Response.ok("first", "x".repeat(10_000)), false, null, out);
        TrickleChannel channel = new TrickleChannel(4000);
        out.writeTo(channel);
        long before = out.pending();
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("pad", "y".repeat(8_000));
        bad.put("v", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> ResponseEncoder.encode(Response.ok(bad), false, null, out));
        assertEquals(before, out.pending(), "nothing of the failed response stays in the buffer");
        ResponseEncoder.encode(Response.ok("second", true), false, null, out);
        while (out.pending() > 0) {
            out.writeTo(channel);
        }
        assertEquals(first + "{\"code\":200,\"second\":true}\n",
                new String(channel.received.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void aMebibyteStringWithNonAsciiRoundTrips() throws Exception {
        StringBuilder text = new StringBuilder();
        String[] pieces = {"a", "é", "€", "😀", "\"", "\\", "\n", "\u2028", "z".repeat(13)};
        for (int i = 0; text.length() < 1 << 20; i++) {
            text.append(pieces[i % pieces.length]);
        }
        String line = encode(Response.ok("big", text.toString()), true, 1L);
        assertEquals(text.toString(), parseLine(line).get("big"));
    }

    @Test
    void writeToDeliversEveryByteInOrderThroughAChannelThatTakesAFewBytesAtATime() throws Exception {
        OutputBuffer out = new OutputBuffer();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        TrickleChannel channel = new TrickleChannel(3);
        for (int i = 0; i < 50; i++) {
            Response response = Response.ok(body("i", (long) i, "s", "é😀".repeat(i * 200)));
            ResponseEncoder.encode(response, true, (long) i, out);
            expected.writeBytes(encode(response, true, (long) i).getBytes(StandardCharsets.UTF_8));
            // Write only part of what is queued, so later responses are appended behind a partly
            // written one and the buffer has to move or grow around the unwritten bytes.
            for (int w = 0; w < 40 && out.pending() > 0; w++) {
                assertTrue(out.writeTo(channel) > 0);
            }
        }
        while (out.pending() > 0) {
            out.writeTo(channel);
        }
        assertArrayEquals(expected.toByteArray(), channel.received.toByteArray());
        assertEquals(0, out.writeTo(channel), "nothing left to write");
    }

    @Test
    void aBufferKeepsItsSizeWhileBigResponsesComeAndShrinksBackAfterASmallOne() throws Exception {
        OutputBuffer out = new OutputBuffer();
        int initial = out.capacity();
        ResponseEncoder.encode(Response.ok("s", "x".repeat(1 << 20)), false, null, out);
        int grown = out.capacity();
        assertTrue(grown > initial);
        drain(out);
        ResponseEncoder.encode(Response.ok("s", "y".repeat(1 << 20)), false, null, out);
        assertEquals(grown, out.capacity(), "not regrown for the next big answer");
        drain(out);
        ResponseEncoder.encode(Response.ok("s", "small"), false, null, out);
        drain(out);
        assertEquals(initial, out.capacity(), "given up after a small batch");
    }

    @Test
    void aBodyWithManyMembersKeepsItsOrder() throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 300; i > 0; i--) {
            body.put("m" + i, (long) i);
        }
        Map<String, Object> parsed = parseLine(encode(Response.ok(body)));
        List<String> names = new ArrayList<>(parsed.keySet());
        assertEquals("code", names.get(0));
        assertEquals(new ArrayList<>(body.keySet()), names.subList(1, names.size()));
        assertEquals(200L, parsed.get("code"));
    }

    @Test
    void aResponseWithAnAttachmentSaysHowManyBytesFollowAsItsLastMember() throws Exception {
        Response response = Response.ok(body("a", 1L, "b", "x")).withAttachment(Attachment.of(ByteBuffer.wrap(new byte[] {7, 8, 9})));
        OutputBuffer out = new OutputBuffer();
        ResponseEncoder.encode(response, true, "q", out);
        byte[] written = drain(out);
        byte[] line = "{\"code\":200,\"id\":\"q\",\"a\":1,\"b\":\"x\",\"attachment\":3}\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(line, Arrays.copyOf(written, line.length));
        assertArrayEquals(new byte[] {7, 8, 9}, Arrays.copyOfRange(written, line.length, written.length));
    }

    @Test
    void aResponseWithAnAttachmentThatCannotBeEncodedQueuesNeitherItsLineNorItsAttachment() throws Exception {
        OutputBuffer out = new OutputBuffer();
        Response failing = Response.ok("v", Double.NaN).withAttachment(Attachment.of(ByteBuffer.allocate(1000)));
        assertThrows(IllegalArgumentException.class, () -> ResponseEncoder.encode(failing, false, null, out));
        assertEquals(0, out.pending());
        ResponseEncoder.encode(Response.ok(), false, null, out);
        assertEquals("{\"code\":200}\n", new String(drain(out), StandardCharsets.UTF_8));
    }
}
