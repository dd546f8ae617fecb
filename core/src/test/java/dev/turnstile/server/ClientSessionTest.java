package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    private final ClientSession session = new ClientSession(new InetSocketAddress("127.0.0.1", 4000));

    @Test
    void aDelayIsTakenOnceAndTheLongerOfTwoWins() {
        session.delayAnswer(Duration.ofMillis(300));
        session.delayAnswer(Duration.ofMillis(100));

        assertEquals(Duration.ofMillis(300).toNanos(), session.takeDelayNanos());
        assertEquals(0, session.takeDelayNanos());
    }

    @Test
    void aNegativeDelayIsRefusedAndAHugeOneIsCappedAtADay() {
        assertThrows(IllegalArgumentException.class, () -> session.delayAnswer(Duration.ofMillis(-1)));

        session.delayAnswer(Duration.ofDays(100_000));

        assertEquals(Duration.ofDays(1).toNanos(), session.takeDelayNanos());
    }

    @Test
    void aCloseRequestIsTakenOnce() {
        assertFalse(session.takeCloseRequest());
        session.closeAfterAnswer();

        assertTrue(session.takeCloseRequest());
        assertFalse(session.takeCloseRequest());
    }
}
