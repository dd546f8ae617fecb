package dev.turnstile.json;

import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.parsson.api.BufferPool;
import org.eclipse.parsson.api.JsonConfig;

/**
 * Parses one framed JSON text into the plain map handlers see, with Parsson's streaming parser.
 *
 * <p>Limits that protect the single server thread: nesting is capped at {@link #MAX_DEPTH} and
 * built without recursion, numbers longer than {@link #MAX_NUMBER_LENGTH} characters are refused
 * before any {@code BigInteger} arithmetic, and a number with an exponent stays a
 * {@code BigDecimal}, so {@code 1e999999999} costs nothing. Duplicate member names are refused.
 *
 * <p>One instance per connection, used by the server thread alone: it reuses its char buffer,
 * reader and parser buffer between requests.
 */
public final class RequestDecoder {

    /** The deepest nesting of objects and arrays a request may have. */
    public static final int MAX_DEPTH = 1000;
    /** The longest number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 1000;

    private static final JsonProvider PROVIDER = JsonProvider.provider();

    private final Utf8Decoder utf8 = new Utf8Decoder();
    private final LongStrings lifted = new LongStrings();
    private int nextLifted;
    private final CharSliceReader reader = new CharSliceReader();
    private final ArrayDeque<Object> parents = new ArrayDeque<>();
    // Parsson has its own nesting limit (1000 by default, counted differently) and breaks it with
    // a plain RuntimeException; set it above ours so that our check, with its message, fires first.
    // Its working buffer is the request's own chars (see CharSliceReader), hence a factory per decoder.
    private final JsonParserFactory parsers = PROVIDER.createParserFactory(Map.of(
            JsonConfig.MAX_DEPTH, 2 * MAX_DEPTH,
            BufferPool.class.getName(), reader));

    /**
     * @param buf the buffer holding the text
     * @param offset where the text starts
     * @param length the text's length in bytes
     * @return the request's members, in the order the client wrote them
     * @throws JsonRequestException when the text is not UTF-8, not JSON, not an object, or breaks a limit
     */
    public Map<String, Object> decode(byte[] buf, int offset, int length) throws JsonRequestException {
        lifted.find(buf, offset, length);
        utf8.start(length);
        int from = offset;
        for (int i = 0; i < lifted.count(); i++) {
            // Up to and with the opening quote; the closing quote starts the next piece.
            if (!utf8.append(buf, from, lifted.start(i))) {
                throw new JsonRequestException("request is not valid UTF-8");
            }
            lifted.setCharEnd(i, utf8.length() + 1L);
            from = lifted.end(i);
        }
        if (!utf8.append(buf, from, offset + length)) {
            throw new JsonRequestException("request is not valid UTF-8");
        }
        reader.reset(utf8.chars(), utf8.length());
        nextLifted = 0;
        parents.clear();
        try (JsonParser parser = parsers.createParser(reader)) {
            JsonParser.Event first = parser.next();
            if (first != JsonParser.Event.START_OBJECT) {
                throw new JsonRequestException("request must be a JSON object, not an array");
            }
            return readObject(parser);
        } catch (JsonParsingException e) {
            // Past the end, Parsson's offset can run beyond the text; the end is what went wrong there.
            long at = Math.min(lifted.originalOffset(e.getLocation().getStreamOffset()), lifted.originalOffset(utf8.length()));
            throw new JsonRequestException("request is not valid JSON (error at character " + (at + 1) + ")");
        } catch (RuntimeException e) {
            // Parsson signals some of its own limits with plain runtime exceptions; whatever it
            // throws, the client sent something it could not read, and the connection must live on.
            throw new JsonRequestException("request is not valid JSON");
        } finally {
            lifted.forget();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readObject(JsonParser parser) throws JsonRequestException {
        Map<String, Object> root = new LinkedHashMap<>();
        Object current = root;
        String name = null;
        while (true) {
            JsonParser.Event event = parser.next();
            Object value;
            switch (event) {
                case KEY_NAME:
                    name = parser.getString();
                    if (((Map<String, Object>) current).containsKey(name)) {
                        throw new JsonRequestException("duplicate member \"" + Printable.clip(name) + "\"");
                    }
                    continue;
                case START_OBJECT:
                case START_ARRAY:
                    if (parents.size() + 1 >= MAX_DEPTH) {
                        throw new JsonRequestException("request nests deeper than " + MAX_DEPTH + " levels");
                    }
                    Object child = event == JsonParser.Event.START_OBJECT ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                    add(current, name, child);
                    parents.push(current);
                    current = child;
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    if (parents.isEmpty()) {
                        return root;
                    }
                    current = parents.pop();
                    continue;
                case VALUE_STRING:
                    value = nextLifted < lifted.count() ? liftedOrParsed(parser) : parser.getString();
                    break;
                case VALUE_NUMBER:
                    value = number(parser);
                    break;
                case VALUE_TRUE:
                    value = Boolean.TRUE;
                    break;
                case VALUE_FALSE:
                    value = Boolean.FALSE;
                    break;
                default:
                    value = null;
                    break;
            }
            add(current, name, value);
        }
    }

    /** The string just read: a {@link LongStrings lifted} one if it ends where the next one does. */
    private String liftedOrParsed(JsonParser parser) {
        long at = parser.getLocation().getStreamOffset();
        while (nextLifted < lifted.count() && lifted.charEnd(nextLifted) < at) {
            nextLifted++; // not read as a value (the request is about to fail anyway)
        }
        if (nextLifted < lifted.count() && lifted.charEnd(nextLifted) == at) {
            return lifted.value(nextLifted++);
        }
        return parser.getString();
    }

    @SuppressWarnings("unchecked")
    private static void add(Object container, String name, Object value) {
        if (container instanceof Map) {
            ((Map<String, Object>) container).put(name, value);
        } else {
            ((List<Object>) container).add(value);
        }
    }

    private static Object number(JsonParser parser) throws JsonRequestException {
        String text = parser.getString();
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw new JsonRequestException("number longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        // Parsson also calls 1.5E1 integral (its value has no fraction), but only a number written
        // as digits becomes a Long or BigInteger: one with a fraction or an exponent stays a
        // BigDecimal, whatever its value, so that 1e999999999 never becomes a billion-digit integer.
        if (parser.isIntegralNumber() && digitsOnly(text)) {
            // Up to 18 digits always fits a long; longer ones may not.
            return text.length() <= 18 ? (Object) Long.parseLong(text) : integral(text);
        }
        return new BigDecimal(text);
    }

    private static boolean digitsOnly(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    private static Object integral(String text) {
        BigInteger value = new BigInteger(text);
        return value.bitLength() < 64 ? (Object) value.longValue() : value;
    }
}
