package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestArgumentsTest {

    @Test
    void valuesAreJsonWhenTheyParseAndStringsOtherwise() throws CliFailure {
        Map<String, Object> request = RequestArguments.request("/echo", null,
                List.of("n=3", "s=\"3\"", "list=[1,true]", "name=box", "empty="));

        assertEquals(Map.of("url", "/echo", "n", 3L, "s", "3", "list", List.of(1L, true), "name", "box", "empty", ""), request);
    }

    @Test
    void pairsComeAfterTheJsonMembersAndWinOverThem() throws CliFailure {
        Map<String, Object> request = RequestArguments.request("/echo", "{\"data\":1,\"id\":2}", List.of("data=5"));

        assertEquals(List.of("url", "data", "id"), List.copyOf(request.keySet()));
        assertEquals(5L, request.get("data"));
    }

    @Test
    void aWrongUrlPairOrJsonIsAUsageError() {
        assertEquals(ExitCode.USAGE, assertThrows(CliFailure.class,
                () -> RequestArguments.request("echo", null, List.of())).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CliFailure.class,
                () -> RequestArguments.request("/echo", null, List.of("=1"))).exitCode());
        assertEquals(ExitCode.USAGE, assertThrows(CliFailure.class,
                () -> RequestArguments.request("/echo", "[1]", List.of())).exitCode());
    }
}
