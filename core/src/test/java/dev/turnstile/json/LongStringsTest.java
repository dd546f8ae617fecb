package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.stream.JsonParser;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * The request decoder with {@link LongStrings} lifted out of Parsson's way reads every request
 * exactly as Parsson alone reads it, and reports errors at the same place.
 */
class LongStringsTest {

    private static final String LONG = "x".repeat(LongStrings.MIN_LENGTH);

    private final RequestDecoder decoder = new RequestDecoder();

    private Map<String, Object> decode(String text) throws JsonRequestException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length);
    }

    private LongStrings find(String text) {
        LongStrings strings = new LongStrings();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        strings.find(bytes, 0, bytes.length);
        return strings;
    }

    @Test
    void onlyLongPlainValuesAreLifted() {
        String text = "{\"short\":\"abc\",\"long\":\"" + LONG + "\",\"escaped\":\"" + LONG + "\\n\",\"" + LONG
                + "\" : \"name\",\"list\":[\"" + LONG + "é\",\"" + LONG + "y\"]}";
        LongStrings strings = find(text);

        assertEquals(2, strings.count());
        assertEquals(LONG, strings.value(0));
        assertEquals(LONG + "y", strings.value(1));
    }

    @Test
    void aRequestShorterThanTheLimitIsNotScanned() {
        assertEquals(0, find("{\"s\":\"" + "x".repeat(LongStrings.MIN_LENGTH - 8) + "\"}").count());
    }

    @Test
    void liftedValuesKeepTheirPlaceAmongOthers() throws Exception {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            many.add(i + LONG + i);
        }
        String text = "{\"url\":\"/echo\",\"a\":\"" + LONG + "\",\"b\":[\"\",\"" + String.join("\",\"", many)
                + "\",\"\"],\"" + LONG + "\":\"\"}";

        Map<String, Object> request = decode(text);

        assertEquals(parsson(text), request);
        assertEquals(LONG, request.get("a"));
        List<Object> b = new ArrayList<>(List.of(""));
        b.addAll(many);
        b.add("");
        assertEquals(b, request.get("b"));
        assertEquals("", request.get(LONG));
    }

    @Test
    void errorsAfterALiftedStringAreReportedWhereTheClientMadeThem() throws Exception {
        // The same mistakes after strings one byte too short to lift, which Parsson reads whole:
        // each lifted string before the error moves it by exactly that one byte.
        String shorter = LONG.substring(1);
        Map<String, Integer> shifts = Map.of(
                "{\"a\":\"S\" x}", 1,
                "{\"a\":\"S\",\"b\":\"S\",}", 2,
                "{\"a\":[\"S\" \"S\"]}", 2, // Parsson stops after reading the second string
                "{\"a\":[\"S\",\"S\",\"S\"],\"b\":tru}", 3,
                "{\"a\":\"S\"", 1); // the end of the request: reported just past it, both times
        for (Map.Entry<String, Integer> shift : shifts.entrySet()) {
            String pattern = shift.getKey();
            String lifted = pattern.replace("S", LONG);
            String whole = pattern.replace("S", shorter);
            assertEquals(pattern.chars().filter(c -> c == 'S').count(), find(lifted).count(), pattern);
            assertEquals(0, find(whole).count(), pattern);

            assertEquals(errorAt(whole) + shift.getValue(), errorAt(lifted), pattern);
        }
    }

    private long errorAt(String text) {
        String message = assertThrows(JsonRequestException.class, () -> decode(text), text).getMessage();
        Matcher at = Pattern.compile("error at character (\\d+)").matcher(message);
        assertTrue(at.find(), message);
        return Long.parseLong(at.group(1));
    }

    @Test
    void aDuplicateMemberIsStillFoundAfterALiftedValue() {
        JsonRequestException e = assertThrows(JsonRequestException.class,
                () -> decode("{\"a\":\"" + LONG + "\",\"a\":\"" + LONG + "\"}"));
        assertEquals("duplicate member \"a\"", e.getMessage());
    }

    @Property(tries = 300)
    void everyRequestReadsAsParssonAloneReadsIt(@ForAll long seed) throws Exception {
        String text = new RandomJson(new Random(seed), true).object(3);
        Map<String, Object> request;
        try {
            request = decode(text);
        } catch (JsonRequestException e) {
            // Random names may repeat (two empty ones, say), which Parsson's reader allows.
            assertTrue(e.getMessage().startsWith("duplicate member"), e.getMessage() + " in " + text);
            Assume.that(false);
            return;
        }

        assertEquals(parsson(text), request, text);
    }

    /** The request as Parsson alone reads it (from a plain reader), in the decoder's Java types. */
    private static Object parsson(String text) {
        try (JsonParser parser = Json.createParser(new StringReader(text))) {
            return java(parser, parser.next());
        }
    }

    private static Object java(JsonParser parser, JsonParser.Event event) {
        switch (event) {
            case START_OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_OBJECT; next = parser.next()) {
                    String name = parser.getString();
                    map.put(name, java(parser, parser.next()));
                }
                return map;
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonParser.Event next = parser.next(); next != JsonParser.Event.END_ARRAY; next = parser.next()) {
                    list.add(java(parser, next));
                }
                return list;
            case VALUE_STRING:
                return parser.getString();
            case VALUE_NUMBER:
                String number = parser.getString();
                if (number.matches("-?\\d+")) {
                    BigInteger integer = new BigInteger(number);
                    return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
                }
                return new BigDecimal(number);
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }
}
