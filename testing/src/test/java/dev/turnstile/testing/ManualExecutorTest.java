package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualExecutorTest {

    private final ManualExecutor executor = new ManualExecutor();
    private final List<String> ran = new ArrayList<>();

    @Test
    void tasksWaitUntilTheTestRunsThemInOrder() {
        executor.execute(() -> ran.add("a"));
        executor.execute(() -> ran.add("b"));
        assertEquals(2, executor.pending());
        assertEquals(List.of(), ran);

        assertTrue(executor.runNext());
        assertEquals(List.of("a"), ran);
        assertEquals(1, executor.pending());
    }

    @Test
    void runAllRunsTheTasksThatTasksQueueToo() {
        executor.execute(() -> {
            ran.add("a");
            executor.execute(() -> ran.add("a's follow-up"));
        });

        assertEquals(2, executor.runAll());

        assertEquals(List.of("a", "a's follow-up"), ran);
        assertFalse(executor.runNext());
    }

    @Test
    void aTestCanWaitForATaskAnotherThreadQueuesAndIsToldWhenNoneComes() throws Exception {
        Thread server = new Thread(() -> executor.execute(() -> ran.add("from the server")));
        server.start();

        executor.awaitPending(1, Duration.ofSeconds(10));
        server.join();
        executor.runAll();

        assertEquals(List.of("from the server"), ran);
        AssertionError none = assertThrows(AssertionError.class, () -> executor.awaitPending(1, Duration.ofMillis(1)));
        assertTrue(none.getMessage().startsWith("1 tasks were expected, 0 were queued"), none.getMessage());
    }
}
