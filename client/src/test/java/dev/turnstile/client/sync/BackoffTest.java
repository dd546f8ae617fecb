package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void eachWaitDoublesUpToTheCapAndAResetStartsOver() {
        Backoff backoff = new Backoff(500, 30_000);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            waits.add(backoff.nextMillis());
        }
        assertEquals(List.of(500L, 1000L, 2000L, 4000L, 8000L, 16_000L, 30_000L, 30_000L, 30_000L), waits);

        backoff.reset();

        assertEquals(500, backoff.nextMillis());
    }
}
