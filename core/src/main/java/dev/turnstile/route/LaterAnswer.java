package dev.turnstile.route;

import dev.turnstile.json.OutputBuffer;
import dev.turnstile.spi.Response;
import java.net.InetSocketAddress;

/**
 * A {@link Response#later} answer being waited for: what the {@link Router} needs to write it once
 * it has come (the route, the request's {@code id}, the client for the log), and the outcome.
 *
 * <p>The completion may run on any thread. It only records the outcome here, in one volatile
 * field, and runs the wake-up, which makes the server thread look again; the server thread then
 * {@linkplain Router#finish finishes} it. The completion's action holds this small object, not the
 * connection: work that outlives its connection (a completion after a close, or after the server
 * stopped waiting) leaves behind an outcome nobody reads and, at most, one spurious turn of the loop;
 * once {@linkplain #abandon() abandoned}, the file of an answer's attachment is closed as it comes.
 */
public final class LaterAnswer {

    /** The outcome of a stage that completed with {@code null}. */
    private static final Object NO_ANSWER = new Object();

    private final Route route;
    private final boolean hasId;
    private final Object id;
    private final InetSocketAddress client;
    private final Runnable wakeUp;
    /** {@code null} until completed; then the {@link Response}, a {@link Failure} or {@link #NO_ANSWER}. */
    private volatile Object outcome;
    /** Nobody will write the answer: the connection closed, or the server stopped waiting. */
    private volatile boolean abandoned;

    LaterAnswer(Route route, boolean hasId, Object id, InetSocketAddress client, Runnable wakeUp) {
        this.route = route;
        this.hasId = hasId;
        this.id = id;
        this.client = client;
        this.wakeUp = wakeUp;
    }

    /** Runs on whichever thread completes the stage. */
    void complete(Response answer, Throwable failure) {
        outcome = failure != null ? new Failure(failure) : answer == null ? NO_ANSWER : answer;
        if (abandoned) {
            dropAttachment();
        }
        wakeUp.run();
    }

    /**
     * Nobody will write this answer: an attachment it has, or brings when it comes, is dropped (its
     * file closed). Called on the server thread; the completion may race it on another, and then
     * both drop it, which closes the file once.
     */
    public void abandon() {
        abandoned = true;
        dropAttachment();
    }

    private void dropAttachment() {
        if (outcome instanceof Response response) {
            OutputBuffer.drop(response.attachment());
        }
    }

    /** @return whether the answer has come; one volatile read */
    public boolean isDone() {
        return outcome != null;
    }

    Object outcome() {
        return outcome;
    }

    boolean completedWithNothing() {
        return outcome == NO_ANSWER;
    }

    Route route() {
        return route;
    }

    boolean hasId() {
        return hasId;
    }

    Object id() {
        return id;
    }

    InetSocketAddress client() {
        return client;
    }

    /** A stage that completed exceptionally. */
    record Failure(Throwable error) {
    }
}
