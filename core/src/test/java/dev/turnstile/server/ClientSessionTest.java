package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ClientSessionTest {

    private final ClientSession session = new ClientSession(new InetSocketAddress("127.0.0.1", 4000));

    @Test
    void aCloseRequestIsTakenOnce() {
        assertFalse(session.takeCloseRequest());
        session.closeAfterAnswer();

        assertTrue(session.takeCloseRequest());
        assertFalse(session.takeCloseRequest());
    }
}
