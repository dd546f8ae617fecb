package dev.turnstile.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The requests that await their answers, oldest first. The server answers in request order, so
 * each answer line belongs to the oldest waiting request. A semaphore bounds how many may wait:
 * {@link #reserve} blocks while the window is full.
 *
 * <p>Once the connection has ended every waiting and later request fails the same way: with the
 * server's last word (a 408, 413 or 503, after which it closes; or any answer nobody asked for)
 * as a {@link TurnstileException}, else with the I/O failure that ended it.
 */
final class AnswerQueue {

    private final Semaphore window;
    private final Deque<CompletableFuture<Reply>> waiting = new ArrayDeque<>();
    private Reply farewell;
    private IOException ended;

    AnswerQueue(int maxInFlight) {
        this.window = new Semaphore(maxInFlight);
    }

    /** Waits for room in the window; {@link #enqueue} or {@link #release} must follow. */
    void reserve() throws InterruptedIOException {
        try {
            window.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to send a request");
        }
    }

    void release() {
        window.release();
    }

    /**
     * Adds a request that is about to be written, holding the permit from {@link #reserve}.
     *
     * @return its answer to come, or an already failed future when the connection has ended
     */
    synchronized CompletableFuture<Reply> enqueue() {
        CompletableFuture<Reply> answer = new CompletableFuture<>();
        if (ended != null) {
            window.release();
            answer.completeExceptionally(failure());
        } else {
            waiting.add(answer);
        }
        return answer;
    }

    /** Hands an answer line to the oldest waiting request. */
    void answer(Reply reply) {
        CompletableFuture<Reply> oldest;
        synchronized (this) {
            oldest = waiting.poll();
            if (oldest == null || closesConnection(reply)) {
                farewell = reply;
            }
            if (oldest == null) {
                return;
            }
        }
        window.release();
        // Completed outside the lock: callbacks run here, and may submit more requests.
        oldest.complete(reply);
    }

    /** Ends the connection: fails every waiting request, and every later one at once. */
    void end(IOException cause) {
        List<CompletableFuture<Reply>> failed;
        Throwable failure;
        synchronized (this) {
            if (ended != null) {
                return;
            }
            ended = cause;
            failed = new ArrayList<>(waiting);
            waiting.clear();
            failure = failure();
        }
        for (CompletableFuture<Reply> answer : failed) {
            window.release();
            answer.completeExceptionally(failure);
        }
    }

    /** @return how many more requests may be sent before {@link #reserve} blocks */
    int room() {
        return window.availablePermits();
    }

    /** The server closes the connection after these codes: timeout, too large, busy. */
    private static boolean closesConnection(Reply reply) {
        return reply.code() == 408 || reply.code() == 413 || reply.code() == 503;
    }

    synchronized boolean isEnded() {
        return ended != null;
    }

    private Throwable failure() {
        return farewell != null ? new TurnstileException(farewell) : ended;
    }
}
