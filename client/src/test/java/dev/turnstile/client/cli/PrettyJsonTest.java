package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.client.JsonMaps;
import org.junit.jupiter.api.Test;

class PrettyJsonTest {

    @Test
    void nestedValuesAreIndentedTwoSpacesPerLevelAndEmptyOnesStayOnTheirLine() {
        Object value = JsonMaps.parseValue("{\"code\":200,\"data\":{\"a\":[1,\"x\\ny\"],\"e\":{},\"l\":[]}}");

        assertEquals("{\n"
                + "  \"code\": 200,\n"
                + "  \"data\": {\n"
                + "    \"a\": [\n"
                + "      1,\n"
                + "      \"x\\ny\"\n"
                + "    ],\n"
                + "    \"e\": {},\n"
                + "    \"l\": []\n"
                + "  }\n"
                + "}", PrettyJson.format(value));
    }
}
