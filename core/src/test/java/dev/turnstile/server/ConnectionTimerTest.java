package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.server.ConnectionTimer.Expiry;
import org.junit.jupiter.api.Test;

/** The clock is a plain number: each test says what time it is. */
class ConnectionTimerTest {

    private static final long NONE = 0;

    @Test
    void theIdleDeadlineIsTheTimeoutAfterConnecting() {
        ConnectionTimer timer = new ConnectionTimer(100, NONE, 1_000);
        assertEquals(1_100, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(1_099));
        assertEquals(Expiry.IDLE, timer.expired(1_100));
        assertEquals(Expiry.IDLE, timer.expired(5_000));
    }

    @Test
    void activityMovesTheIdleDeadline() {
        ConnectionTimer timer = new ConnectionTimer(100, NONE, 1_000);
        timer.activity(1_090);
        assertEquals(1_190, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(1_150));
        assertEquals(Expiry.NONE, timer.expired(1_189));
        assertEquals(Expiry.IDLE, timer.expired(1_190));
    }

    @Test
    void theLoginDeadlineAppliesUntilLoggedIn() {
        ConnectionTimer timer = new ConnectionTimer(NONE, 50, 0);
        assertEquals(50, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(49));
        assertEquals(Expiry.LOGIN, timer.expired(50));
    }

    @Test
    void activityDoesNotMoveTheLoginDeadline() {
        ConnectionTimer timer = new ConnectionTimer(NONE, 50, 0);
        timer.activity(40);
        assertEquals(50, timer.deadline());
        assertEquals(Expiry.LOGIN, timer.expired(60));
    }

    @Test
    void afterLoginOnlyTheIdleDeadlineApplies() {
        ConnectionTimer timer = new ConnectionTimer(100, 50, 0);
        timer.activity(30);
        timer.loggedIn();
        assertEquals(130, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(60));
        assertEquals(Expiry.IDLE, timer.expired(130));
    }

    @Test
    void afterLoginWithoutAnIdleTimeoutNothingExpires() {
        ConnectionTimer timer = new ConnectionTimer(NONE, 50, 0);
        timer.loggedIn();
        assertEquals(Long.MAX_VALUE, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(1_000_000_000_000L));
    }

    @Test
    void zeroDisablesBoth() {
        ConnectionTimer timer = new ConnectionTimer(NONE, NONE, 7);
        assertEquals(Long.MAX_VALUE, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(Long.MAX_VALUE - 1));
        timer.activity(1_000);
        assertEquals(Long.MAX_VALUE, timer.deadline());
    }

    @Test
    void zeroIdleTimeoutLeavesTheLoginDeadline() {
        ConnectionTimer timer = new ConnectionTimer(NONE, 500, 0);
        timer.activity(499);
        assertEquals(500, timer.deadline());
        assertEquals(Expiry.LOGIN, timer.expired(500));
    }

    @Test
    void zeroLoginTimeoutLeavesTheIdleDeadline() {
        ConnectionTimer timer = new ConnectionTimer(100, NONE, 0);
        assertEquals(100, timer.deadline());
        assertEquals(Expiry.IDLE, timer.expired(100));
    }

    @Test
    void theDeadlineIsTheNearestOfTheTwo() {
        ConnectionTimer loginFirst = new ConnectionTimer(300, 100, 0);
        assertEquals(100, loginFirst.deadline());
        ConnectionTimer idleFirst = new ConnectionTimer(30, 100, 0);
        assertEquals(30, idleFirst.deadline());
        idleFirst.activity(90);
        assertEquals(100, idleFirst.deadline(), "activity pushed the idle deadline past the login one");
    }

    @Test
    void anIdleClientBeforeLoginIsReportedAsIdleWhenThatComesFirst() {
        ConnectionTimer timer = new ConnectionTimer(30, 100, 0);
        assertEquals(Expiry.IDLE, timer.expired(30));
    }

    @Test
    void whenBothHavePassedTheLoginTimeoutIsReported() {
        ConnectionTimer timer = new ConnectionTimer(30, 100, 0);
        assertEquals(Expiry.LOGIN, timer.expired(100));
    }

    @Test
    void aNegativeClockWorksLikeAnyOther() {
        // System.nanoTime() may be negative; only differences matter.
        long start = -5_000_000_000L;
        ConnectionTimer timer = new ConnectionTimer(100, 40, start);
        assertEquals(start + 40, timer.deadline());
        assertEquals(Expiry.NONE, timer.expired(start + 39));
        assertEquals(Expiry.LOGIN, timer.expired(start + 40));
        timer.loggedIn();
        timer.activity(start + 50);
        assertEquals(start + 150, timer.deadline());
        assertEquals(Expiry.IDLE, timer.expired(start + 150));
    }
}
