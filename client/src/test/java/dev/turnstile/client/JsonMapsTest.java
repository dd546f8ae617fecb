package dev.turnstile.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonMapsTest {

    @Test
    void numbersBecomeLongBigIntegerOrBigDecimalAsTheServerSeesThem() {
        assertEquals(List.of(1L, new BigInteger("123456789012345678901234567890"), new BigDecimal("1.5")),
                JsonMaps.parseValue("[1, 123456789012345678901234567890, 1.5]"));
    }

    @Test
    void anObjectKeepsTheOrderOfItsMembers() {
        Map<String, Object> parsed = JsonMaps.parseObject("{\"z\":1,\"a\":null,\"m\":[true,false]}");

        assertEquals(List.of("z", "a", "m"), List.copyOf(parsed.keySet()));
        assertEquals(Arrays.asList(1L, null, List.of(true, false)), new ArrayList<>(parsed.values()));
    }

    @Test
    void nestedObjectsAndArraysComeBackWhole() {
        Map<String, Object> parsed = JsonMaps.parseObject(
                "{\"a\":{\"b\":[1,{\"c\":\"x\"},[]],\"d\":{}},\"e\":[[true],{\"f\":null}],\"g\":2}");

        Map<String, Object> expected = new LinkedHashMap<>();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", List.of(1L, Map.of("c", "x"), List.of()));
        a.put("d", Map.of());
        expected.put("a", a);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("f", null);
        expected.put("e", List.of(List.of(true), f));
        expected.put("g", 2L);
        assertEquals(expected, parsed);
        assertEquals("{\"a\":{\"b\":[1,{\"c\":\"x\"},[]],\"d\":{}},\"e\":[[true],{\"f\":null}],\"g\":2}",
                JsonMaps.write(parsed));
    }

    @Test
    void aRepeatedMemberKeepsItsFirstPlaceAndItsLastValue() {
        Map<String, Object> parsed = JsonMaps.parseObject("{\"a\":1,\"b\":2,\"a\":3}");

        assertEquals(List.of("a", "b"), List.copyOf(parsed.keySet()));
        assertEquals(3L, parsed.get("a"));
    }

    @Test
    void scalarsStandAloneToo() {
        assertEquals("text", JsonMaps.parseValue("\"text\""));
        assertEquals(Boolean.FALSE, JsonMaps.parseValue("false"));
        assertEquals(new BigDecimal("1E+2"), JsonMaps.parseValue("1e2"));
        assertEquals("\"a\\\"b\"", JsonMaps.write("a\"b"));
        assertEquals("-7", JsonMaps.write(-7));
    }

    @Test
    void writingIsCompactOnOneLineWithControlCharactersEscaped() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("url", "/echo");
        value.put("data", Arrays.asList("a\nb", 2, 2.5, null, Map.of()));

        assertEquals("{\"url\":\"/echo\",\"data\":[\"a\\nb\",2,2.5,null,{}]}", JsonMaps.write(value));
    }

    @Test
    void whatIsNotAnObjectIsRefusedWithAReason() {
        IllegalArgumentException array = assertThrows(IllegalArgumentException.class, () -> JsonMaps.parseObject("[1]"));
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> JsonMaps.parseObject("{\"a\":"));

        assertTrue(array.getMessage().contains("JSON object"), array.getMessage());
        assertTrue(broken.getMessage().startsWith("not valid JSON"), broken.getMessage());
    }

    @Test
    void trailingTextAfterTheValueIsNotValidJson() {
        assertThrows(IllegalArgumentException.class, () -> JsonMaps.parseValue("{} {}"));
    }

    @Test
    void valuesJsonCannotExpressAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> JsonMaps.write(Map.of("x", new Object())));
        assertThrows(IllegalArgumentException.class, () -> JsonMaps.write(Double.NaN));
    }
}
