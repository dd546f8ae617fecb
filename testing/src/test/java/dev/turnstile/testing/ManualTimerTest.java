package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ManualTimerTest {

    private final ManualTimer timer = new ManualTimer();

    @Test
    void aTimerFiresWhenTheClockIsMovedToItsDeadlineNotBefore() {
        CompletableFuture<Void> second = timer.after(Duration.ofSeconds(1));

        timer.advance(Duration.ofMillis(999));
        assertFalse(second.isDone());
        timer.advance(Duration.ofMillis(1));

        assertTrue(second.isDone());
        assertEquals(1_000_000_000L, timer.nanoTime());
        assertEquals(0, timer.pending());
    }

    @Test
    void timersFireInDeadlineOrderEachAtItsOwnTimeAndThoseTheySetFireTooWithinTheMove() {
        List<String> fired = new ArrayList<>();
        timer.after(Duration.ofSeconds(3)).thenRun(() -> fired.add("3 at " + timer.nanoTime()));
        timer.after(Duration.ofSeconds(1)).thenRun(() -> {
            fired.add("1 at " + timer.nanoTime());
            timer.after(Duration.ofSeconds(1)).thenRun(() -> fired.add("1+1 at " + timer.nanoTime()));
        });

        timer.advance(Duration.ofSeconds(5));

        assertEquals(List.of("1 at 1000000000", "1+1 at 2000000000", "3 at 3000000000"), fired);
        assertEquals(5_000_000_000L, timer.nanoTime());
    }

    @Test
    void aCancelledTimerNeverFires() {
        CompletableFuture<Void> cancelled = timer.after(Duration.ofSeconds(1));
        cancelled.cancel(false);

        timer.advance(Duration.ofSeconds(2));

        assertTrue(cancelled.isCancelled());
        assertEquals(0, timer.pending());
    }

    @Test
    void fireAllDoesWhatAStoppingServerDoes() {
        CompletableFuture<Void> day = timer.after(Duration.ofDays(1));

        timer.fireAll();

        assertTrue(day.isDone());
        assertTrue(timer.after(Duration.ofHours(1)).isDone(), "after the stop began, at once");
        assertEquals(0, timer.nanoTime(), "the clock did not move");
    }

    @Test
    void delaysAreCheckedAsTheServerChecksThem() {
        assertThrows(IllegalArgumentException.class, () -> timer.after(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> timer.after(Duration.ofDays(2)));
        assertThrows(IllegalArgumentException.class, () -> timer.advance(Duration.ofMillis(-1)));
    }
}
