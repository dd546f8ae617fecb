package dev.turnstile.client.sync;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A manual clock, and a {@link Wakeup} on it: a loop's wait ends when it is signalled or when the
 * test moves the clock past its end, never by itself. The test sees each timed wait the loop begins.
 */
final class ManualTime extends Wakeup implements LongSupplier {

    private static final long GUARD_SECONDS = 10;

    private final BlockingQueue<Long> waits = new LinkedBlockingQueue<>();
    private long now;
    private boolean signalled;

    @Override
    public synchronized long getAsLong() {
        return now;
    }

    @Override
    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    @Override
    synchronized void await(long nanos) throws InterruptedException {
        long until = nanos > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + Math.max(0, nanos);
        if (nanos > 0 && until < Long.MAX_VALUE) {
            waits.add(nanos);
        }
        while (!signalled && now < until) {
            wait();
        }
        signalled = false;
    }

    /**
     * @return how long the next timed wait the loop begins (or began since the last call) is to
     *     last; waits for an answer of the server alone, without an end, are not counted
     */
    long nextWait() throws InterruptedException {
        Long wait = waits.poll(GUARD_SECONDS, TimeUnit.SECONDS);
        if (wait == null) {
            throw new AssertionError("the loop began no timed wait within " + GUARD_SECONDS + " s");
        }
        return wait;
    }

    synchronized void advance(long nanos) {
        now += nanos;
        notifyAll();
    }
}
