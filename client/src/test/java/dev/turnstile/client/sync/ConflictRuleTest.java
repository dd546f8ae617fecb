package dev.turnstile.client.sync;

import static dev.turnstile.client.sync.ConflictRule.Verdict.KEEP_BOTH;
import static dev.turnstile.client.sync.ConflictRule.Verdict.KEEP_TARGET;
import static dev.turnstile.client.sync.ConflictRule.Verdict.RESTORE;
import static dev.turnstile.client.sync.ConflictRule.Verdict.SAME;
import static dev.turnstile.client.sync.ConflictRule.Verdict.TAKE_SOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ConflictRuleTest {

    private static final Instant WHEN = Instant.parse("2026-12-07T10:15:00Z");

    @ParameterizedTest(name = "base {0}, source {1}, target {2}, force {3}: {4}")
    @CsvSource(nullValues = "-", value = {
        // Nothing to judge.
        "a, a, a, false, SAME",
        "-, -, -, false, SAME",
        "a, b, b, false, SAME",
        // Only the source changed (or created, or deleted): it goes through.
        "a, b, a, false, TAKE_SOURCE",
        "-, b, -, false, TAKE_SOURCE",
        "a, -, a, false, TAKE_SOURCE",
        // The target deleted it: copying it back loses nothing.
        "a, a, -, false, RESTORE",
        "a, b, -, false, RESTORE",
        // Only the target changed or created it: kept.
        "a, a, c, false, KEEP_TARGET",
        "-, -, c, false, KEEP_TARGET",
        // The source deleted what the target changed: kept.
        "a, -, c, false, KEEP_TARGET",
        // Both changed it, or no base and both have it: both versions kept.
        "a, b, c, false, KEEP_BOTH",
        "-, b, c, false, KEEP_BOTH",
        // --force: the target becomes a mirror.
        "a, a, c, true, TAKE_SOURCE",
        "a, b, c, true, TAKE_SOURCE",
        "-, -, c, true, TAKE_SOURCE",
        "a, a, -, true, TAKE_SOURCE",
    })
    void eachCombinationOfBaseSourceAndTargetHasItsVerdict(String base, String source, String target, boolean force,
            ConflictRule.Verdict expected) {
        assertEquals(expected, ConflictRule.judge(base, source, target, force));
    }

    @Test
    void aConflictCopyIsNamedAsSyncthingNamesItBeforeTheExtension() {
        assertEquals("/docs/a.sync-conflict-20261207-101500.md", ConflictRule.copyName("/docs/a.md", WHEN, p -> false));
        assertEquals("/archive.tar.sync-conflict-20261207-101500.gz",
                ConflictRule.copyName("/archive.tar.gz", WHEN, p -> false));
        assertEquals("/Makefile.sync-conflict-20261207-101500", ConflictRule.copyName("/Makefile", WHEN, p -> false));
        assertEquals("/.bashrc.sync-conflict-20261207-101500", ConflictRule.copyName("/.bashrc", WHEN, p -> false));
    }

    @Test
    void aTakenNameGetsTheNextNumber() {
        Set<String> taken = Set.of("/a.sync-conflict-20261207-101500.txt", "/a.sync-conflict-20261207-101500-2.txt");
        assertEquals("/a.sync-conflict-20261207-101500-3.txt", ConflictRule.copyName("/a.txt", WHEN, taken::contains));
    }
}
