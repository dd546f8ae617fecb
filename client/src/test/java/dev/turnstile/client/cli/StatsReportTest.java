package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.client.JsonMaps;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A {@code /stats} answer as people read it. */
class StatsReportTest {

    @Test
    void everyPartOfTheAnswerHasItsLineAndTheUrlsAreAligned() {
        String answer = "{\"code\":200,\"version\":\"0.1.0\",\"started\":\"2026-12-07T09:12:44Z\",\"uptime_seconds\":7530,"
                + "\"connections\":{\"accepted\":14,\"refused_busy\":1},"
                + "\"requests\":{\"total\":1208,\"errors\":3,\"by_url\":{\"/login\":{\"200\":14,\"401\":1},"
                + "\"/ping\":{\"200\":1190},\"other\":{\"400\":2}}},"
                + "\"bytes\":{\"in\":90214,\"out\":1258291},"
                + "\"plugins\":{\"dev.turnstile.files.FilesPlugin\":{\"files\":1022,\"root\":\"share\",\"kinds\":[\"a\"]}},"
                + "\"later\":{\"x\":1}}";

        List<String> lines = StatsReport.lines(JsonMaps.parseObject(answer), "127.0.0.1:8888");

        assertEquals(List.of(
                "turnstile 0.1.0 at 127.0.0.1:8888, up 2 h 5 min (since 2026-12-07T09:12:44Z)",
                "connections: 14 accepted, 1 refused (busy)",
                "answers: 1 208, 3 not 200",
                "  /login   200: 14   401: 1",
                "  /ping    200: 1 190",
                "  other    400: 2",
                "bytes: 88.1 KiB in, 1.2 MiB out",
                "dev.turnstile.files.FilesPlugin",
                "  files: 1 022",
                "  root: share",
                "  kinds: [\"a\"]",
                "later: {\"x\":1}"), lines);
    }

    @Test
    void anAnswerWithLittleInItStillGivesItsFirstLine() {
        assertEquals(List.of("turnstile (version unknown) at h:1"), StatsReport.lines(JsonMaps.parseObject("{\"code\":200}"), "h:1"));
    }

    @Test
    void sizesCountsAndDurationsAreWrittenForPeople() {
        assertEquals("1 023 bytes", StatsReport.size(1023L));
        assertEquals("1.0 KiB", StatsReport.size(1024L));
        assertEquals("3.0 GiB", StatsReport.size(3L << 30));
        assertEquals("12 345 678", StatsReport.count(12_345_678L));
        assertEquals("-1 000", StatsReport.count(-1000L));
        assertEquals("0 s", StatsReport.duration(0));
        assertEquals("59 s", StatsReport.duration(59));
        assertEquals("1 min 0 s", StatsReport.duration(60));
        assertEquals("3 d 4 h", StatsReport.duration(3 * 86_400 + 4 * 3600 + 59));
    }
}
