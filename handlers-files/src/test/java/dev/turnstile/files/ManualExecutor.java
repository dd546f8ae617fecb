package dev.turnstile.files;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

/** The background thread, run by hand: jobs wait until the test calls {@link #runAll}. */
final class ManualExecutor implements Executor {

    private final Queue<Runnable> jobs = new ArrayDeque<>();

    @Override
    public void execute(Runnable job) {
        jobs.add(job);
    }

    int runAll() {
        int count = 0;
        while (!jobs.isEmpty()) {
            jobs.poll().run();
            count++;
        }
        return count;
    }

    int waiting() {
        return jobs.size();
    }
}
