package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StopSignalsTest {

    private final StopSignals signals = new StopSignals();
    private final AtomicInteger stops = new AtomicInteger();

    @Test
    void aSignalAfterTheServerStartedStopsIt() {
        signals.onStop(stops::incrementAndGet);
        assertEquals(0, stops.get());

        signals.request();

        assertEquals(1, stops.get());
    }

    @Test
    void aSignalBeforeTheServerExistedStopsItAsSoonAsItIsThere() {
        signals.request();

        signals.onStop(stops::incrementAndGet);

        assertEquals(1, stops.get());
    }

    @Test
    void aSecondSignalRunsTheStopAgain() {
        signals.onStop(stops::incrementAndGet);

        signals.request();
        signals.request();

        assertEquals(2, stops.get());
    }
}
