package dev.turnstile.client.sync;

import java.util.concurrent.TimeUnit;

/**
 * Where a {@link WatchLoop} waits: for an answer of the server, a local change, a stop, or the end
 * of a period. A signal given while nobody waits is kept for the next wait, so none is lost.
 */
class Wakeup {

    private boolean signalled;

    synchronized void signal() {
        signalled = true;
        notifyAll();
    }

    /**
     * Waits until a signal (or one already given), or {@code nanos} have passed.
     *
     * @param nanos how long at most; 0 or less returns at once
     * @throws InterruptedException when the thread is interrupted
     */
    synchronized void await(long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        long left = nanos;
        while (!signalled && left > 0) {
            TimeUnit.NANOSECONDS.timedWait(this, left);
            left = end - System.nanoTime();
        }
        signalled = false;
    }
}
