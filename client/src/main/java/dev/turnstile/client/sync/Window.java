package dev.turnstile.client.sync;

import java.io.InterruptedIOException;
import java.util.concurrent.Semaphore;

/**
 * Bounds the chunk requests in flight. A permit is taken before a request is sent and given back
 * only once its answer has been written (or its bytes sent), so the file data held in memory
 * never passes {@code permits × chunk size}.
 */
final class Window {

    private final int size;
    private final Semaphore permits;

    Window(int size) {
        this.size = size;
        this.permits = new Semaphore(size);
    }

    void acquire() throws InterruptedIOException {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for answers");
        }
    }

    void release() {
        permits.release();
    }

    /** Waits until every request has been answered and handled. */
    void drain() throws InterruptedIOException {
        try {
            permits.acquire(size);
            permits.release(size);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for answers");
        }
    }
}
