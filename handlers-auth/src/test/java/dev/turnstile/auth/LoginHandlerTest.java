package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.testing.Answers;
import dev.turnstile.testing.ManualTimer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

@ExtendWith(MockitoExtension.class)
class LoginHandlerTest {

    /** The worked example of SPEC §4: 127.0.0.1, hacknet-fedoralinux, 2022-08-26 12:09:22.563332. */
    private static final Instant EXAMPLE_TIME = Instant.parse("2022-08-26T12:09:22.563332Z");
    private static final String EXAMPLE_TOKEN = "a889930308416b054946d3799ec813af117e884f4ce2805fed573db2d51d89e0";

    @Mock
    private Session session;
    @Mock
    private TokenStore tokens;
    private final ManualTimer timer = new ManualTimer();
    private CurrentToken current;
    private LoginHandler handler;

    @BeforeEach
    void createHandler() {
        handler = handler(null);
    }

    /** The handler as the plugin builds it, with connection scope, the store mocked and the timer manual. */
    private LoginHandler handler(String secret) {
        current = new CurrentToken(TokenScope.CONNECTION, Duration.ZERO, tokens, timer);
        return new LoginHandler(Clock.fixed(EXAMPLE_TIME, ZoneOffset.UTC), current, secret, timer);
    }

    @Test
    void loginIsServedWithoutAToken() {
        assertEquals("/login", handler.url());
        assertFalse(handler.needsToken());
    }

    @Test
    void loginAnswersTheTokenOfTheSpecificationExample() throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));

        Response response = handler.handle(login("hacknet-fedoralinux"), session);

        assertEquals(Response.ok("token", EXAMPLE_TOKEN), response);
        verify(tokens).write(EXAMPLE_TOKEN);
        verify(session).grantToken(EXAMPLE_TOKEN);
    }

    @Test
    void loginWithoutHostnameIsAnswered400() {
        HandlerException e = assertThrows(HandlerException.class,
                () -> handler.handle(new Request(Map.of("url", "/login")), session));

        assertEquals(400, e.code());
        assertEquals("\"hostname\" is required", e.getMessage());
        verifyNoInteractions(tokens, session);
    }

    @Test
    void emptyHostnameIsAnswered400() {
        assertHostnameRefused("");
    }

    @Test
    void hostnameThatIsNotAStringIsAnswered400() {
        assertHostnameRefused(42L);
    }

    @Test
    void hostnameOf256CharactersIsAnswered400() {
        assertHostnameRefused("h".repeat(256));
    }

    @Test
    void hostnameOf255EmojiIsAcceptedBecauseLengthCountsCodePoints() throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));

        Response response = handler.handle(login("\uD83D\uDE00".repeat(255)), session);

        assertEquals(200, response.code());
    }

    @Test
    void failedTokenWriteIsAServerErrorAndGrantsNothing() throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));
        doThrow(new IOException("No space left on device")).when(tokens).write(any());

        assertThrows(UncheckedIOException.class, () -> handler.handle(login("host"), session));

        verify(session, never()).grantToken(any());
    }

    @Test
    void disconnectOfTheLoggedInClientRemovesItsToken() throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));
        handler.handle(login("host"), session);

        current.disconnected(session);

        verify(tokens).remove();
    }

    @Test
    void disconnectOfAnotherConnectionKeepsTheToken(@Mock Session other) throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));
        handler.handle(login("host"), session);

        current.disconnected(other);

        verify(tokens, never()).remove();
    }

    @Test
    void theEndOfTheTokenAtStopRemovesIt() {
        current.endAll();

        verify(tokens).remove();
    }

    private void assertHostnameRefused(Object hostname) {
        Request request = new Request(Map.of("url", "/login", "hostname", hostname));

        HandlerException e = assertThrows(HandlerException.class, () -> handler.handle(request, session));

        assertEquals(400, e.code());
        assertEquals("\"hostname\" must be a non-empty string of at most 255 characters", e.getMessage());
        verifyNoInteractions(tokens, session);
    }

    private static Request login(String hostname) {
        return new Request(Map.of("url", "/login", "hostname", hostname));
    }

    private static InetSocketAddress clientAt(String ip) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(ip), 40000);
    }

    @Test
    void withASecretSetALoginWithTheRightSecretGetsItsTokenAtOnce() throws Exception {
        handler = handler("open sesame");
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));

        Response response = handler.handle(new Request(Map.of("url", "/login", "hostname", "hacknet-fedoralinux",
                "secret", "open sesame")), session);

        assertEquals(Response.ok("token", EXAMPLE_TOKEN), response);
        assertTrue(handler.requiresSecret());
    }

    @Test
    void withASecretSetAMissingOrWrongSecretIsA401ThatComesOneSecondLater() throws Exception {
        handler = handler("open sesame");
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));
        when(session.attributes()).thenReturn(new HashMap<>());

        for (Map<String, Object> login : List.of(Map.<String, Object>of("url", "/login", "hostname", "box"),
                Map.<String, Object>of("url", "/login", "hostname", "box", "secret", "open sesamE"),
                Map.<String, Object>of("url", "/login", "hostname", "box", "secret", 42))) {
            Response answer = handler.handle(new Request(login), session);
            assertTrue(answer.isLater());
            timer.advance(Duration.ofMillis(999));
            assertFalse(Answers.ready(answer), "not before the second has passed");
            timer.advance(Duration.ofMillis(1));

            HandlerException e = assertThrows(HandlerException.class, () -> Answers.of(answer));
            assertEquals(401, e.code());
            assertEquals("\"secret\" is missing or wrong", e.getMessage());
        }
        verify(session, never()).closeAfterAnswer();
        verify(session, never()).grantToken(any());
        verify(tokens, never()).write(any());
    }

    @Test
    void theFifthFailedSecretOnOneConnectionClosesItAfterItsAnswer() throws Exception {
        handler = handler("open sesame");
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));
        when(session.attributes()).thenReturn(new HashMap<>());
        Request wrong = new Request(Map.of("url", "/login", "hostname", "box", "secret", "guess"));

        for (int i = 1; i < LoginHandler.MAX_FAILURES; i++) {
            handler.handle(wrong, session);
        }
        verify(session, never()).closeAfterAnswer();
        Response fifth = handler.handle(wrong, session);
        timer.advance(LoginHandler.FAILURE_DELAY);

        HandlerException e = assertThrows(HandlerException.class, () -> Answers.of(fifth));
        assertEquals(401, e.code());
        assertEquals("\"secret\" is missing or wrong; 5 failed logins, closing the connection", e.getMessage());
        verify(session).closeAfterAnswer();
    }

    @Test
    void withoutASecretSetTheSecretMemberIsIgnored() throws Exception {
        when(session.remoteAddress()).thenReturn(clientAt("127.0.0.1"));

        Response response = handler.handle(new Request(Map.of("url", "/login", "hostname", "hacknet-fedoralinux",
                "secret", "anything")), session);

        assertEquals(Response.ok("token", EXAMPLE_TOKEN), response);
        assertFalse(handler.requiresSecret());
    }
}
