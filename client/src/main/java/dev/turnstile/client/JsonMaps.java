package dev.turnstile.client;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
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
            parser.next();
            JsonValue value = parser.getValue();
            // The reader stops after the first value; a second one would be silently dropped.
            if (parser.hasNext()) {
                throw new IllegalArgumentException("not valid JSON: more text follows the value");
            }
            return toJava(value);
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
        return toJson(value).toString();
    }

    static Object toJava(JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                ((JsonObject) value).forEach((name, member) -> map.put(name, toJava(member)));
                return map;
            case ARRAY:
                List<Object> list = new ArrayList<>();
                for (JsonValue item : (JsonArray) value) {
                    list.add(toJava(item));
                }
                return list;
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (number.isIntegral()) {
                    BigInteger integer = number.bigIntegerValue();
                    return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
                }
                return number.bigDecimalValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            default:
                return null;
        }
    }

    private static JsonValue toJson(Object value) {
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
        } else if (value instanceof Map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            for (Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
                if (!(member.getKey() instanceof String)) {
                    throw new IllegalArgumentException("JSON member names are strings, not "
                            + member.getKey());
                }
                object.add((String) member.getKey(), toJson(member.getValue()));
            }
            return object.build();
        } else if (value instanceof Iterable) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            for (Object item : (Iterable<?>) value) {
                array.add(toJson(item));
            }
            return array.build();
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName()
                + " as JSON");
    }
}
