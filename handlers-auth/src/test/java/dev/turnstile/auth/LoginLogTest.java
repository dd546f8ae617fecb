package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.testing.ManualTimer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoginLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(LoginHandler.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void captureTheLoginLog() {
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
    }

    @AfterEach
    void restoreTheLoginLog() {
        logger.detachAppender(events);
        logger.setLevel(null);
        logger.setAdditive(true);
    }

    @Test
    void loginIsLoggedWithTheEscapedHostnameTheIpAndOnlyATokenPrefix() throws Exception {
        Session session = mock(Session.class);
        when(session.remoteAddress()).thenReturn(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 40000));
        ManualTimer timer = new ManualTimer();
        LoginHandler handler = new LoginHandler(Clock.fixed(Instant.parse("2022-08-26T12:09:22.563332Z"), ZoneOffset.UTC),
                new CurrentToken(TokenScope.CONNECTION, Duration.ZERO, mock(TokenStore.class), timer), null, timer);

        Response response = handler.handle(new Request(Map.of("url", "/login", "hostname", "evil\nhost\u001b[31m")), session);

        String token = (String) response.body().get("token");
        assertEquals(1, events.list.size());
        ILoggingEvent event = events.list.get(0);
        assertEquals(Level.INFO, event.getLevel());
        assertEquals("login by 'evil\\nhost\\x1b[31m' from 127.0.0.1, token " + token.substring(0, 8) + "...",
                event.getFormattedMessage());
        assertFalse(event.getFormattedMessage().contains(token));
    }
}
