package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuietPeriodTest {

    private final QuietPeriod quiet = new QuietPeriod(100);

    @Test
    void nothingIsDueBeforeAnyChange() {
        assertFalse(quiet.pending());
        assertEquals(-1, quiet.remaining(1_000));
        assertFalse(quiet.take(1_000));
    }

    @Test
    void aChangeIsDueOnceTheFolderWasLeftAloneForThePeriod() {
        quiet.changed(1_000);

        assertEquals(100, quiet.remaining(1_000));
        assertFalse(quiet.take(1_099));
        assertTrue(quiet.take(1_100));
        assertFalse(quiet.pending());
        assertFalse(quiet.take(5_000), "taken once");
    }

    @Test
    void eachChangeStartsThePeriodAgain() {
        quiet.changed(1_000);
        quiet.changed(1_080);

        assertFalse(quiet.take(1_100));
        assertEquals(80, quiet.remaining(1_100));
        assertTrue(quiet.take(1_180));
    }

    @Test
    void aChangeAfterATakeStartsANewPeriod() {
        quiet.changed(0);
        assertTrue(quiet.take(100));

        quiet.changed(150);

        assertTrue(quiet.pending());
        assertTrue(quiet.take(250));
    }

    @Test
    void clearForgetsThePendingChange() {
        quiet.changed(0);

        quiet.clear();

        assertFalse(quiet.take(1_000));
    }
}
