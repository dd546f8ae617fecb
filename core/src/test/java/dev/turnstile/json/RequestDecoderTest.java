package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestDecoderTest {

    private final RequestDecoder decoder = new RequestDecoder();

    private Map<String, Object> decode(String text) throws JsonRequestException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    private Map<String, Object> decode(byte[] bytes) throws JsonRequestException {
        return decoder.decode(bytes, 0, bytes.length);
    }

    private String refusal(String text) {
        return assertThrows(JsonRequestException.class, () -> decode(text)).getMessage();
    }

    /** {@code {"s":"<bytes>"}} with the given raw bytes inside the string. */
    private static byte[] stringWithBytes(int... raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"s\":\"".getBytes(StandardCharsets.US_ASCII));
        for (int b : raw) {
            out.write(b);
        }
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** An object whose innermost value sits {@code depth} levels down, the top object counting as one. */
    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void eachJsonValueBecomesItsPlainJavaType() throws Exception {
        Map<String, Object> request = decode("{\"s\":\"x\",\"t\":true,\"f\":false,\"n\":null,\"i\":42,"
                + "\"big\":123456789012345678901234567890,\"d\":1.5,\"l\":[1,\"a\",null],\"o\":{\"k\":\"v\"}}");
        assertEquals("x", request.get("s"));
        assertEquals(Boolean.TRUE, request.get("t"));
        assertEquals(Boolean.FALSE, request.get("f"));
        assertTrue(request.containsKey("n"));
        assertNull(request.get("n"));
        assertEquals(42L, request.get("i"));
        assertEquals(new BigInteger("123456789012345678901234567890"), request.get("big"));
        assertEquals(new BigDecimal("1.5"), request.get("d"));
        assertEquals(java.util.Arrays.asList(1L, "a", null), request.get("l"));
        assertEquals(Map.of("k", "v"), request.get("o"));
    }

    @Test
    void numbersWithAFractionOrAnExponentAreBigDecimals() throws Exception {
        Map<String, Object> request = decode("{\"a\":1.0,\"b\":1e3,\"c\":-2.5E-7,\"d\":0.1}");
        assertEquals(new BigDecimal("1.0"), request.get("a"));
        assertEquals(new BigDecimal("1e3"), request.get("b"));
        assertEquals(new BigDecimal("-2.5E-7"), request.get("c"));
        assertEquals(new BigDecimal("0.1"), request.get("d"));
    }

    @Test
    void integersThatFitSixtyFourBitsAreLongsAndLargerOnesBigIntegers() throws Exception {
        Map<String, Object> request = decode("{\"max\":9223372036854775807,\"min\":-9223372036854775808,"
                + "\"over\":9223372036854775808,\"under\":-9223372036854775809,\"zero\":0,\"negZero\":-0,"
                + "\"eighteen\":999999999999999999,\"nineteen\":-999999999999999999}");
        assertEquals(Long.MAX_VALUE, request.get("max"));
        assertEquals(Long.MIN_VALUE, request.get("min"));
        assertEquals(new BigInteger("9223372036854775808"), request.get("over"));
        assertEquals(new BigInteger("-9223372036854775809"), request.get("under"));
        assertEquals(0L, request.get("zero"));
        assertEquals(0L, request.get("negZero"));
        assertEquals(999999999999999999L, request.get("eighteen"));
        assertEquals(-999999999999999999L, request.get("nineteen"));
    }

    @Test
    void membersKeepTheOrderTheClientWroteThem() throws Exception {
        Map<String, Object> request = decode("{\"z\":1,\"a\":2,\"m\":{\"y\":1,\"b\":2,\"x\":3},\"url\":\"/x\"}");
        assertInstanceOf(LinkedHashMap.class, request);
        assertEquals(List.of("z", "a", "m", "url"), new ArrayList<>(request.keySet()));
        assertEquals(List.of("y", "b", "x"), new ArrayList<>(((Map<?, ?>) request.get("m")).keySet()));
    }

    @Test
    void stringEscapesAreDecoded() throws Exception {
        Map<String, Object> request = decode("{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}");
        assertEquals("\"\\/\b\f\n\r\té\uD83D\uDE00", request.get("s"));
    }

    @Test
    void aDuplicateMemberIsRefusedByName() {
        assertEquals("duplicate member \"url\"", refusal("{\"url\":\"/a\",\"x\":1,\"url\":\"/b\"}"));
    }

    @Test
    void aDuplicateMemberInANestedObjectIsRefusedByName() {
        assertEquals("duplicate member \"k\"", refusal("{\"url\":\"/a\",\"data\":[{\"k\":1,\"k\":2}]}"));
        assertEquals("duplicate member \"deep\"", refusal("{\"o\":{\"p\":{\"deep\":1,\"q\":{},\"deep\":null}}}"));
    }

    @Test
    void aDuplicateNameWithControlCharactersIsEscapedInTheMessage() {
        String message = refusal("{\"a\\nb\":1,\"a\\nb\":2}");
        assertEquals("duplicate member \"a\\u000ab\"", message);
    }

    @Test
    void theSameNameInDifferentObjectsIsNotADuplicate() throws Exception {
        Map<String, Object> request = decode("{\"k\":{\"k\":{\"k\":1}},\"l\":[{\"k\":1},{\"k\":2}],\"m\":{\"k\":3}}");
        assertEquals(List.of(Map.of("k", 1L), Map.of("k", 2L)), request.get("l"));
        assertEquals(Map.of("k", 3L), request.get("m"));
    }

    @Test
    void nestingOfExactlyTheLimitIsAccepted() throws Exception {
        Object value = decode(nested(RequestDecoder.MAX_DEPTH)).get("a");
        int arrays = 0;
        while (value instanceof List<?> list) {
            arrays++;
            value = list.isEmpty() ? null : list.get(0);
        }
        assertEquals(RequestDecoder.MAX_DEPTH - 1, arrays, "the top object and then nothing but arrays");
    }

    @Test
    void nestingOneDeeperThanTheLimitIsRefused() {
        assertEquals("request nests deeper than 1000 levels", refusal(nested(RequestDecoder.MAX_DEPTH + 1)));
    }

    @Test
    void nestedObjectsCountLikeArrays() {
        String deep = "{\"a\":".repeat(RequestDecoder.MAX_DEPTH + 1) + "1" + "}".repeat(RequestDecoder.MAX_DEPTH + 1);
        assertEquals("request nests deeper than 1000 levels", refusal(deep));
    }

    @Test
    void aHundredThousandOpenBracketsAreRefusedWithoutAStackOverflow() {
        String message = refusal("{\"a\":" + "[".repeat(100_000));
        assertEquals("request nests deeper than 1000 levels", message);
    }

    @Test
    void aHugeExponentStaysABigDecimal() throws Exception {
        assertEquals(new BigDecimal("1e999999999"), decode("{\"n\":1e999999999}").get("n"));
        assertEquals(new BigDecimal("-1E-999999999"), decode("{\"n\":-1E-999999999}").get("n"));
    }

    @Test
    void aNumberOfExactlyTheLengthLimitIsAccepted() throws Exception {
        String digits = "9".repeat(RequestDecoder.MAX_NUMBER_LENGTH);
        assertEquals(new BigInteger(digits), decode("{\"n\":" + digits + "}").get("n"));
    }

    @Test
    void aNumberWithAFractionOrExponentIsABigDecimalEvenWhenItsValueIsWhole() throws Exception {
        // Parsson calls these integral; they were refused as invalid JSON when read as digits.
        assertEquals(new BigDecimal("1.5E1"), decode("{\"n\":1.5E1}").get("n"));
        assertEquals(new BigDecimal("7.1234567890123456E16"), decode("{\"n\":7.1234567890123456E16}").get("n"));
        assertEquals(new BigDecimal("2.0"), decode("{\"n\":2.0}").get("n"));
        assertEquals(15L, decode("{\"n\":15}").get("n"));
    }

    @Test
    void aNumberLongerThanTheLimitIsRefused() {
        assertEquals("number longer than 1000 characters", refusal("{\"n\":" + "1".repeat(1001) + "}"));
        assertEquals("number longer than 1000 characters", refusal("{\"n\":0." + "5".repeat(1000) + "}"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "C0 AF",        // overlong "/"
        "C1 BF",        // overlong two-byte form
        "E0 80 AF",     // overlong three-byte form
        "F0 80 80 AF",  // overlong four-byte form
        "80",           // continuation byte without a lead
        "BF 41",        // continuation byte without a lead
        "C3",           // truncated two-byte sequence
        "E2 82",        // truncated three-byte sequence
        "F0 9F 98",     // truncated four-byte sequence
        "C3 41",        // lead byte followed by ASCII
        "ED A0 80",     // encoded high surrogate
        "ED BF BF",     // encoded low surrogate
        "F4 90 80 80",  // past U+10FFFF
        "F5 80 80 80",
        "F8 88 80 80 80",
        "FE",
        "FF",
    })
    void invalidUtf8IsRefused(String hex) {
        String[] parts = hex.split(" ");
        int[] raw = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            raw[i] = Integer.parseInt(parts[i], 16);
        }
        JsonRequestException e = assertThrows(JsonRequestException.class, () -> decode(stringWithBytes(raw)));
        assertEquals("request is not valid UTF-8", e.getMessage());
    }

    @Test
    void longAsciiRunsBetweenOtherCharactersDecodeExactly() throws Exception {
        // Runs of Utf8Decoder.BULK bytes or more are widened in bulk; shorter ones byte by byte.
        String text = "a".repeat(Utf8Decoder.BULK) + "é" + "b".repeat(Utf8Decoder.BULK - 1) + "€"
                + "c".repeat(3 * Utf8Decoder.BULK + 5) + "😀" + "d".repeat(Utf8Decoder.BULK + 1);
        assertEquals(text, decode("{\"s\":\"" + text + "\"}").get("s"));
        assertEquals(text, decode("{\"s\":\"" + text + "\"}").get("s"), "the reused buffers give the same again");
    }

    @Test
    void invalidUtf8AfterALongAsciiRunIsRefused() {
        int[] raw = new int[Utf8Decoder.BULK * 2 + 1];
        Arrays.fill(raw, 'x');
        raw[raw.length - 1] = 0xC3;
        JsonRequestException e = assertThrows(JsonRequestException.class, () -> decode(stringWithBytes(raw)));
        assertEquals("request is not valid UTF-8", e.getMessage());
    }

    @Test
    void invalidUtf8AtTheVeryEndIsRefused() {
        byte[] bytes = {'{', '}', (byte) 0xE2};
        assertThrows(JsonRequestException.class, () -> decode(bytes));
    }

    @Test
    void validTwoThreeAndFourByteSequencesAreDecoded() throws Exception {
        assertEquals("\u0080\u00e9\u07ff", decode(stringWithBytes(0xC2, 0x80, 0xC3, 0xA9, 0xDF, 0xBF)).get("s"));
        assertEquals("\u0800\u20ac\ud7ff\ue000\uffff",
                decode(stringWithBytes(0xE0, 0xA0, 0x80, 0xE2, 0x82, 0xAC, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xEF,
                        0xBF, 0xBF)).get("s"));
        assertEquals("\uD800\uDC00\uD83D\uDE00\uDBFF\uDFFF",
                decode(stringWithBytes(0xF0, 0x90, 0x80, 0x80, 0xF0, 0x9F, 0x98, 0x80, 0xF4, 0x8F, 0xBF, 0xBF)).get("s"));
    }

    @Test
    void onlyTheGivenSliceOfTheBufferIsDecoded() throws Exception {
        byte[] buf = "garbage{\"a\":\"\u00e9\"}more".getBytes(StandardCharsets.UTF_8);
        assertEquals(Map.of("a", "é"), decoder.decode(buf, 7, buf.length - 11));
    }

    @Test
    void aTopLevelArrayIsRefusedAsNotAnObject() {
        String message = refusal("[{\"url\":\"/ping\"}]");
        assertEquals("request must be a JSON object, not an array", message);
        assertTrue(message.contains("not an array"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{\"a\":[1,]}", "{a:1}", "{\"a\":tru}",
        "{\"a\":01}", "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":1", "{\"a\":\"unterminated}", "{'a':1}",
        "{\"a\":NaN}", "{\"a\":-}", "{\"a\":1.}"})
    void invalidJsonIsRefusedWithAMessageThatNamesNoJavaClass(String text) {
        String message = refusal(text);
        assertTrue(message.startsWith("request is not valid JSON"), message);
        for (String internal : List.of("Exception", "java", "jakarta", "parsson", "org.", "Error")) {
            assertFalse(message.contains(internal), message);
        }
    }

    @Test
    void theDecoderIsReusableAcrossManyRequestsOfEverySize() throws Exception {
        for (int i = 0; i < 2000; i++) {
            String payload = "\u00e9".repeat(i * 7 % 5000);
            Map<String, Object> request = decode("{\"i\":" + i + ",\"p\":\"" + payload + "\"}");
            assertEquals(Map.of("i", (long) i, "p", payload), request);
            if (i % 3 == 0) {
                assertThrows(JsonRequestException.class, () -> decode("{\"x\":1,\"x\":2}"));
            }
            if (i % 7 == 0) {
                assertThrows(JsonRequestException.class, () -> decode(nested(1001)));
            }
        }
    }

    @Test
    void aRefusalLeavesNoStateBehind() throws Exception {
        assertThrows(JsonRequestException.class, () -> decode("{\"a\":[[[[{\"b\":"));
        assertEquals(Map.of("c", List.of()), decode("{\"c\":[]}"));
    }
}
