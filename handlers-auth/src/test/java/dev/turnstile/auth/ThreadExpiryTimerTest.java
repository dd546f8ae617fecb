package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real timer: tasks run on its own daemon thread. Waits are latches with a bound, never sleeps. */
class ThreadExpiryTimerTest {

    private final ThreadExpiryTimer timer = new ThreadExpiryTimer();

    @AfterEach
    void closeTimer() {
        timer.close();
    }

    @Test
    void aTaskRunsOnTheTimersDaemonThread() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        AtomicReference<Thread> thread = new AtomicReference<>();

        timer.schedule(() -> {
            thread.set(Thread.currentThread());
            ran.countDown();
        }, Duration.ofMillis(1));

        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertEquals("turnstile-token-expiry", thread.get().getName());
        assertTrue(thread.get().isDaemon(), "the timer never keeps the JVM alive");
    }

    @Test
    void aCancelledTaskDoesNotRun() throws Exception {
        AtomicBoolean cancelledRan = new AtomicBoolean();
        CountDownLatch later = new CountDownLatch(1);

        timer.schedule(() -> cancelledRan.set(true), Duration.ofMillis(20)).cancel();
        // One thread runs tasks in time order, so once the later one has run the cancelled one had its turn.
        timer.schedule(later::countDown, Duration.ofMillis(40));

        assertTrue(later.await(10, TimeUnit.SECONDS));
        assertFalse(cancelledRan.get());
    }

    @Test
    void schedulingAfterCloseIsHarmlessForAHandlerThatStopsWhileATokenIsGranted() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        timer.schedule(ran::countDown, Duration.ofMillis(1));
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        timer.close();

        // A shut-down executor would throw RejectedExecutionException here.
        timer.schedule(() -> { }, Duration.ofMillis(1)).cancel();
    }
}
