package dev.turnstile.route;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.testing.TestHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The counters behind {@code /stats}, counted directly. */
class ServerStatsTest {

    private final ServerStats stats = new ServerStats();
    private final Route ping = new Route(new TestHandlers.Ping(), LoadedPlugin.handlers(new TestHandlers.Ping()).get(0));

    @Test
    @SuppressWarnings("unchecked")
    void answersAreCountedByUrlThenByCodeInOrderOfCodeHoweverManyCodesAUrlSees() {
        int[] codes = {503, 200, 404, 200, 401, 409, 400, 500, 200};
        for (int code : codes) {
            stats.answered(ping, code);
        }
        stats.answered(null, 400);
        stats.answered(null, 408);

        Map<String, Object> requests = (Map<String, Object>) stats.report().get("requests");

        Map<String, Object> byUrl = (Map<String, Object>) requests.get("by_url");
        Map<String, Object> pingCodes = (Map<String, Object>) byUrl.get("/ping");
        assertEquals(List.of("200", "400", "401", "404", "409", "500", "503"), new ArrayList<>(pingCodes.keySet()));
        assertEquals(3L, pingCodes.get("200"));
        assertEquals(Map.of("400", 1L, "408", 1L), byUrl.get("other"));
        assertEquals(11L, requests.get("total"));
        assertEquals(8L, requests.get("errors"));
    }

    @Test
    void connectionsAndBytesAddUp() {
        stats.accepted();
        stats.accepted();
        stats.refusedBusy();
        stats.read(10);
        stats.read(5);
        stats.written(7);

        Map<String, Object> report = stats.report();

        assertEquals(Map.of("accepted", 2L, "refused_busy", 1L), report.get("connections"));
        assertEquals(Map.of("in", 15L, "out", 7L), report.get("bytes"));
    }
}
