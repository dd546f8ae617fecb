package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FakeSessionTest {

    @Test
    void aNewSessionIsALoopbackClientWithoutTokenOrWishes() {
        FakeSession session = new FakeSession();

        assertEquals(new InetSocketAddress("127.0.0.1", 50_000), session.remoteAddress());
        assertNull(session.token());
        assertTrue(session.attributes().isEmpty());
        assertEquals(List.of(), session.grantedTokens());
        assertFalse(session.closeRequested());
    }

    @Test
    void grantsAreRecordedInOrderAndTheLastIsTheCurrentToken() {
        FakeSession session = new FakeSession().withToken("old");

        session.grantToken("a");
        session.grantToken("b");

        assertEquals(List.of("a", "b"), session.grantedTokens());
        assertEquals("b", session.token());
    }

    @Test
    void anEmptyOrNullTokenIsRefusedAsTheServerRefusesIt() {
        FakeSession session = new FakeSession();

        assertThrows(IllegalArgumentException.class, () -> session.grantToken(""));
        assertThrows(IllegalArgumentException.class, () -> session.grantToken(null));
        assertEquals(List.of(), session.grantedTokens());
    }

    @Test
    void closeAfterAnswerIsRecorded() {
        FakeSession session = new FakeSession();

        session.closeAfterAnswer();

        assertTrue(session.closeRequested());
    }

    @Test
    void attributesAreAMutableMapThatKeepsItsEntries() {
        FakeSession session = new FakeSession().withAddress(new InetSocketAddress("192.0.2.7", 4000));

        session.attributes().put("/hello.count", 1L);
        session.attributes().merge("/hello.count", 1L, (a, b) -> (Long) a + (Long) b);

        assertEquals(2L, session.attributes().get("/hello.count"));
        assertEquals(new InetSocketAddress("192.0.2.7", 4000), session.remoteAddress());
    }
}
