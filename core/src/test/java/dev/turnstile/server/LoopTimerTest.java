package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The server's timers on a clock the test moves, fired as the loop fires them. */
class LoopTimerTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger wakeUps = new AtomicInteger();
    private final LoopTimer timer = new LoopTimer(clock, wakeUps::incrementAndGet);

    @Test
    void aTimerFiresOnceItsDelayHasPassedNotANanosecondEarly() {
        CompletableFuture<Void> second = timer.after(Duration.ofSeconds(1));
        assertEquals(clock.now() + 1_000_000_000L, timer.nextDeadline());

        clock.advance(Duration.ofNanos(999_999_999));
        timer.fireDue(clock.now());
        assertFalse(second.isDone());
        clock.advance(Duration.ofNanos(1));
        timer.fireDue(clock.now());

        assertTrue(second.isDone());
        assertEquals(Long.MAX_VALUE, timer.nextDeadline());
        assertEquals(0, timer.pending());
    }

    @Test
    void dueTimersFireInDeadlineOrderAndEqualDeadlinesInTheOrderTheyWereSet() {
        List<String> fired = new ArrayList<>();
        timer.after(Duration.ofMillis(30)).thenRun(() -> fired.add("30"));
        timer.after(Duration.ofMillis(10)).thenRun(() -> fired.add("10a"));
        timer.after(Duration.ofMillis(10)).thenRun(() -> fired.add("10b"));
        timer.after(Duration.ofMillis(20)).thenRun(() -> fired.add("20"));

        clock.advance(Duration.ofMillis(25));
        timer.fireDue(clock.now());

        assertEquals(List.of("10a", "10b", "20"), fired);
        assertEquals(1, timer.pending());
    }

    @Test
    void aTimerSetFromAnotherThreadThatIsTheNearestWakesTheLoopAndOneOnTheLoopThreadDoesNot() throws Exception {
        timer.firedOn(Thread.currentThread());
        timer.after(Duration.ofSeconds(5));
        assertEquals(0, wakeUps.get(), "the loop computes its next select after this");

        Thread other = new Thread(() -> {
            timer.after(Duration.ofSeconds(1));
            timer.after(Duration.ofSeconds(9));
        });
        other.start();
        other.join();

        assertEquals(1, wakeUps.get(), "only the nearer one changes how long the loop may sleep");
    }

    @Test
    void aCancelledTimerLeavesTheQueue() {
        CompletableFuture<Void> cancelled = timer.after(Duration.ofSeconds(1));
        timer.after(Duration.ofSeconds(2));

        assertTrue(cancelled.cancel(false));

        assertEquals(1, timer.pending());
        assertEquals(clock.now() + 2_000_000_000L, timer.nextDeadline());
    }

    @Test
    void whenTheServerBeginsToStopEveryTimerFiresAtOnceAndSoDoesEveryLaterOne() {
        CompletableFuture<Void> hour = timer.after(Duration.ofHours(1));
        CompletableFuture<Void> day = timer.after(Duration.ofDays(1));

        timer.fireAll();

        assertTrue(hour.isDone());
        assertTrue(day.isDone());
        assertTrue(timer.after(Duration.ofMinutes(1)).isDone(), "after the stop began, at once");
        assertEquals(0, timer.pending());
    }

    @Test
    void aDelayIsZeroToOneDay() {
        CompletableFuture<Void> zero = timer.after(Duration.ZERO);
        assertFalse(zero.isDone(), "it fires on the loop's thread, at its next look");
        timer.fireDue(clock.now());
        assertTrue(zero.isDone());
        assertThrows(IllegalArgumentException.class, () -> timer.after(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> timer.after(Duration.ofDays(1).plusNanos(1)));
        assertThrows(NullPointerException.class, () -> timer.after(null));
    }

    @Test
    void nanoTimeIsTheLoopsClock() {
        assertEquals(clock.now(), timer.nanoTime());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(clock.now(), timer.nanoTime());
    }
}
