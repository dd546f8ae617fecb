package dev.turnstile.client;

import jakarta.json.JsonException;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON text and the plain Java values Turnstile uses on both sides of the wire:
 * {@code Map<String, Object>} (member order kept), {@code List}, {@code String}, {@code Boolean},
 * {@code null}, and numbers as {@code Long} or {@code BigInteger} when integral, else
 * {@code BigDecimal}.
 *
 * <p>Stateless and safe to use from any thread.
 */
public final class JsonMaps {

    // Json.createX looks the provider up anew on every call, which costs more than the parsing.
    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonMaps() {
    }

    /**
     * Parses one JSON object.
     *
     * @param text the JSON text
     * @return its members, in the order of the text
     * @throws IllegalArgumentException when the text is not one JSON object; the message says why
     */
    public static Map<String, Object> parseObject(String text) {
        Object value = parseValue(text);
        if (!(value instanceof Map)) {
            throw new IllegalArgumentException("expected a JSON object starting with \"{\"");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        return object;
    }

    /**
     * Parses one JSON value of any kind.
     *
     * @param text the JSON text
     * @return the value as plain Java
     * @throws IllegalArgumentException when the text is not exactly one JSON value
     */
    public static Object parseValue(String text) {
        try (JsonParser parser = JSON.createParser(new StringReader(text))) {
            if (!parser.hasNext()) {
                throw new IllegalArgumentException("not valid JSON: the text is empty");
            }
            Object value = read(parser, parser.next());
            // The parser stops after the first value; a second one would be silently dropped.
            if (parser.hasNext()) {
                throw new IllegalArgumentException("not valid JSON: more text follows the value");
            }
            return value;
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("not valid JSON (error at character "
                    + (e.getLocation().getStreamOffset() + 1) + ")", e);
        } catch (JsonException e) {
            throw new IllegalArgumentException("not valid JSON", e);
        }
    }

    /**
     * Writes a value as compact JSON on one line.
     *
     * @param value a {@code Map} with string keys, an {@code Iterable}, a {@code String},
     *     {@code Boolean}, {@code Number}, {@code null}, or a JSON-P {@code JsonValue}
     * @return the JSON text, without a newline
     * @throws IllegalArgumentException when the value holds something JSON cannot express
     */
    public static String write(Object value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = JSON.createGenerator(text)) {
            write(generator, null, value);
        }
        return text.toString();
    }

    /**
     * Reads the value that {@code event} begins straight from the parser's events into plain Java,
     * with no JSON-P tree in between, and with a list of open containers instead of recursion:
     * a listing page or a hash-cache line is read thousands of times in one sync, and this loop
     * is small enough for the JIT to compile quickly.
     */
    private static Object read(JsonParser parser, JsonParser.Event event) {
        List<Object> open = new ArrayList<>();
        List<String> openNames = new ArrayList<>();
        String name = null;
        while (true) {
            Object value;
            switch (event) {
                case START_OBJECT:
                case START_ARRAY:
                    open.add(event == JsonParser.Event.START_OBJECT ? new LinkedHashMap<String, Object>()
                            : new ArrayList<>());
                    openNames.add(name);
                    name = null;
                    event = parser.next();
                    continue;
                case KEY_NAME:
                    name = parser.getString();
                    event = parser.next();
                    continue;
                case END_OBJECT:
                case END_ARRAY:
                    value = open.remove(open.size() - 1);
                    name = openNames.remove(openNames.size() - 1);
                    break;
                case VALUE_STRING:
                    value = parser.getString();
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
            if (open.isEmpty()) {
                return value;
            }
            Object container = open.get(open.size() - 1);
            if (container instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) container;
                object.put(name, value);
            } else {
                @SuppressWarnings("unchecked")
                List<Object> array = (List<Object>) container;
                array.add(value);
            }
            event = parser.next();
        }
    }

    private static Object number(JsonParser parser) {
        BigDecimal number = parser.getBigDecimal();
        if (parser.isIntegralNumber()) {
            BigInteger integer = number.toBigIntegerExact();
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        }
        return number;
    }

    /** Writes one value, as the member {@code name} of the open object, or as an item when name is null. */
    private static void write(JsonGenerator out, String name, Object value) {
        if (value instanceof Map) {
            writeStart(out, name, true);
            for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
                if (!(member.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON member names are strings, not " + member.getKey());
                }
                write(out, (String) member.getKey(), member.getValue());
            }
            out.writeEnd();
        } else if (value instanceof Iterable) {
            writeStart(out, name, false);
            for (Object item : (Iterable<?>) value) {
                write(out, null, item);
            }
            out.writeEnd();
        } else {
            JsonValue scalar = scalar(value);
            if (name == null) {
                out.write(scalar);
            } else {
                out.write(name, scalar);
            }
        }
    }

    private static void writeStart(JsonGenerator out, String name, boolean object) {
        if (name == null) {
            if (object) {
                out.writeStartObject();
            } else {
                out.writeStartArray();
            }
        } else if (object) {
            out.writeStartObject(name);
        } else {
            out.writeStartArray(name);
        }
    }

    private static JsonValue scalar(Object value) {
        if (value == null) {
            return JsonValue.NULL;
        } else if (value instanceof JsonValue) {
            return (JsonValue) value;
        } else if (value instanceof String) {
            return JSON.createValue((String) value);
        } else if (value instanceof Boolean) {
            return (Boolean) value ? JsonValue.TRUE : JsonValue.FALSE;
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short
                || value instanceof Byte) {
            return JSON.createValue(((Number) value).longValue());
        } else if (value instanceof BigInteger) {
            return JSON.createValue((BigInteger) value);
        } else if (value instanceof BigDecimal) {
            return JSON.createValue((BigDecimal) value);
        } else if (value instanceof Double || value instanceof Float) {
            double number = ((Number) value).doubleValue();
            if (Double.isNaN(number) || Double.isInfinite(number)) {
                throw new IllegalArgumentException("JSON has no " + number);
            }
            return JSON.createValue(number);
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName() + " as JSON");
    }
}
