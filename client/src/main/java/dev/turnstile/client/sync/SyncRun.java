package dev.turnstile.client.sync;

import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The counters of one sync as it runs, shared by its threads, and the reason it stopped early,
 * if it did. Tells the listener about every change.
 */
final class SyncRun {

    private final SyncListener listener;
    private final int filesTotal;
    private final long bytesTotal;
    private final AtomicInteger copied = new AtomicInteger();
    private final AtomicInteger touched = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicLong transferred = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicReference<IOException> stop = new AtomicReference<>();
    private final List<String> problems = new ArrayList<>();
    /** The paths copied, touched or deleted: what the sync state records as agreed. */
    private final java.util.Set<String> finished = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String current;

    SyncRun(SyncListener listener, SyncPlan plan) {
        this.listener = listener;
        this.filesTotal = plan.count(SyncPlan.Kind.COPY) + plan.count(SyncPlan.Kind.TOUCH)
                + plan.count(SyncPlan.Kind.DELETE);
        this.bytesTotal = plan.bytesToCopy();
    }

    void current(String path) {
        current = path;
        report();
    }

    /** Bytes an earlier run had fetched, found good and kept: done, but not transferred now. */
    void resumed(long bytes) {
        if (bytes > 0) {
            done.addAndGet(bytes);
            report();
        }
    }

    void transferred(long bytes) {
        transferred.addAndGet(bytes);
        done.addAndGet(bytes);
        report();
    }

    void copied(String path) {
        finished.add(path);
        copied.incrementAndGet();
        report();
    }

    void touched(String path) {
        finished.add(path);
        touched.incrementAndGet();
        report();
    }

    void deleted(String path) {
        finished.add(path);
        deleted.incrementAndGet();
        report();
    }

    void problem(String path, String reason) {
        synchronized (problems) {
            problems.add(SharePath.escape(path + ": " + reason));
        }
        listener.problem(path, reason);
    }

    /** Stops the run: no more requests are sent, and what was fetched is kept for the next run. */
    void stop(IOException reason) {
        stop.compareAndSet(null, reason);
    }

    /** @return why the run stopped early, or {@code null} while it goes on */
    IOException stopped() {
        return stop.get();
    }

    private void report() {
        listener.progress(new SyncProgress(copied.get() + touched.get() + deleted.get(), filesTotal, done.get(),
                bytesTotal, current));
    }

    int copied() {
        return copied.get();
    }

    int touched() {
        return touched.get();
    }

    int deleted() {
        return deleted.get();
    }

    long transferred() {
        return transferred.get();
    }

    /** @return whether the path was copied, touched or deleted */
    boolean done(String path) {
        return finished.contains(path);
    }

    List<String> problems() {
        synchronized (problems) {
            return new ArrayList<>(problems);
        }
    }
}
