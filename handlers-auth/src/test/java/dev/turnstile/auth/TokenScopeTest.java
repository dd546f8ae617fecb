package dev.turnstile.auth;

import java.net.UnknownHostException;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import dev.turnstile.testing.FakeSession;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token-scope} and {@code token-ttl} on a manual clock: the handler with a real TOKEN file
 * in a temporary data dir, connections played by {@link FakeSession}s one after another as the
 * server serves them, and the expiry timer run by {@link ManualExpiryTimer} as the clock moves.
 * {@link #request} does what the server does with the handler's answer as token authority.
 */
class TokenScopeTest {

    private static final String CLIENT = "192.168.1.20";
    private static final String OTHER = "192.168.1.66";

    @TempDir
    Path dataDir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final ManualExpiryTimer timer = new ManualExpiryTimer(clock);
    private final LoginHandler handler = new LoginHandler(clock, new TokenFile(), timer);

    // connection scope: the rule of SPEC §4 before v1.2, unchanged

    @Test
    void withTheDefaultScopeTheTokenIsAcceptedOnlyOnTheConnectionThatLoggedIn() throws Exception {
        start(Map.of());
        FakeSession first = session(CLIENT);
        String token = login(first);

        assertTrue(request(first, token));
        handler.disconnected(first);
        FakeSession next = session(CLIENT);
        assertFalse(request(next, token));
        assertEquals(null, next.token());
    }

    @Test
    void withConnectionScopeTheTokenFileGoesWhenItsClientDisconnects() throws Exception {
        start(Map.of("token-scope", "connection"));
        FakeSession session = session(CLIENT);
        String token = login(session);
        assertEquals(token, Files.readString(tokenFile()));

        handler.disconnected(session);

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session, token));
    }

    @Test
    void withConnectionScopeTheTokenDoesNotExpireWithTime() throws Exception {
        start(Map.of("token-ttl", "1m"));
        FakeSession session = session(CLIENT);
        String token = login(session);

        timer.advance(Duration.ofDays(2));

        assertTrue(request(session, token));
        assertEquals(token, Files.readString(tokenFile()));
        assertEquals(0, timer.pendingCount());
    }

    @Test
    void withConnectionScopeANewLoginReplacesTheToken() throws Exception {
        start(Map.of());
        FakeSession session = session(CLIENT);
        String first = login(session);
        clock.advance(Duration.ofMillis(1));
        String second = login(session);

        assertNotEquals(first, second);
        assertFalse(request(session, first));
        assertTrue(request(session, second));
        assertEquals(second, Files.readString(tokenFile()));
    }

    // address scope

    @Test
    void withAddressScopeTheTokenIsAcceptedOnANewConnectionFromTheSameAddressAndGrantedToIt() throws Exception {
        start(Map.of("token-scope", "address"));
        FakeSession loginConnection = session(CLIENT);
        String token = login(loginConnection);
        handler.disconnected(loginConnection);

        FakeSession next = session(CLIENT);
        assertTrue(request(next, token));
        assertEquals(token, next.token());
        assertTrue(request(next, token));
    }

    @Test
    void withAddressScopeTheTokenFileIsKeptWhenTheClientDisconnects() throws Exception {
        start(Map.of("token-scope", "address"));
        FakeSession session = session(CLIENT);
        String token = login(session);

        handler.disconnected(session);

        assertEquals(token, Files.readString(tokenFile()));
    }

    @Test
    void withAddressScopeATokenFromAnotherAddressIsRefusedAndStillValidFromTheRightOne() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);

        FakeSession stranger = session(OTHER);
        assertFalse(request(stranger, token));
        assertEquals(null, stranger.token());
        handler.disconnected(stranger);

        assertEquals(token, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeARefusedAttemptFromAnotherAddressDoesNotCountAsAUse() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "1h"));
        String token = loginAndLeave(CLIENT);

        timer.advance(Duration.ofMinutes(40));
        assertFalse(request(session(OTHER), token));
        timer.advance(Duration.ofMinutes(20));

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeANewLoginReplacesTheTokenOnEveryConnection() throws Exception {
        start(Map.of("token-scope", "address"));
        String first = loginAndLeave(CLIENT);
        clock.advance(Duration.ofSeconds(1));
        String second = loginAndLeave(CLIENT);

        assertNotEquals(first, second);
        assertEquals(second, Files.readString(tokenFile()));
        FakeSession next = session(CLIENT);
        assertFalse(request(next, first));
        assertTrue(request(next, second));
    }

    @Test
    void withAddressScopeALoginFromAnotherAddressReplacesTheToken() throws Exception {
        start(Map.of("token-scope", "address"));
        String first = loginAndLeave(CLIENT);
        String second = loginAndLeave(OTHER);

        assertFalse(request(session(CLIENT), first));
        assertTrue(request(session(OTHER), second));
    }

    @Test
    void withAddressScopeTheTokenExpiresTokenTtlAfterItsLastUseAndEachUseRefreshesIt() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "1h"));
        String token = loginAndLeave(CLIENT);

        timer.advance(Duration.ofMinutes(50));
        assertTrue(request(session(CLIENT), token));
        timer.advance(Duration.ofMinutes(59));
        assertTrue(request(session(CLIENT), token));
        timer.advance(Duration.ofMinutes(59).plusSeconds(59));
        assertEquals(token, Files.readString(tokenFile()));

        timer.advance(Duration.ofSeconds(1));

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeTheLoginItselfIsTheFirstUse() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "90s"));
        String token = loginAndLeave(CLIENT);

        timer.advance(Duration.ofSeconds(89));
        assertTrue(Files.exists(tokenFile()));
        timer.advance(Duration.ofSeconds(1));

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeTheTokenFileIsRemovedAtExpiryWithoutAnyTraffic() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "5m"));
        loginAndLeave(CLIENT);
        assertEquals(1, timer.pendingCount());

        timer.advance(Duration.ofMinutes(5));

        assertFalse(Files.exists(tokenFile()));
        assertEquals(0, timer.pendingCount(), "an expired token leaves nothing scheduled");
    }

    @Test
    void withAddressScopeATokenThatExpiredWhileItsConnectionWasOpenIsRefusedThere() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "5m"));
        FakeSession session = session(CLIENT);
        String token = login(session);

        timer.advance(Duration.ofMinutes(5));

        assertFalse(request(session, token));
        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void withAddressScopeAndTtl0TheTokenNeverExpires() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "0"));
        String token = loginAndLeave(CLIENT);

        timer.advance(Duration.ofDays(365));

        assertEquals(0, timer.pendingCount());
        assertEquals(token, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), token));
    }

    @Test
    void theExpiryOfAReplacedTokenLeavesTheNewTokenAndItsFileAlone() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "1h"));
        loginAndLeave(CLIENT);
        timer.advance(Duration.ofMinutes(30));
        String second = loginAndLeave(CLIENT);

        timer.advance(Duration.ofMinutes(31));

        assertEquals(second, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), second));
        assertEquals(1, timer.pendingCount(), "the first token's check was cancelled, not left to run");
    }

    @Test
    void withAddressScopeStopRemovesTheTokenFileAndEndsTheTimer() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);

        handler.stop();

        assertFalse(Files.exists(tokenFile()));
        assertTrue(timer.isClosed());
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeAFailedTokenWriteKeepsTheEarlierTokenValid() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);
        Files.delete(tokenFile());
        // A non-empty folder named TOKEN cannot be replaced by a file.
        Path blocker = Files.createDirectories(tokenFile().resolve("blocker"));
        try {
            FakeSession session = session(CLIENT);
            assertThrows(UncheckedIOException.class, () -> login(session));

            assertEquals(null, session.token());
            assertTrue(request(session, token));
        } finally {
            Files.delete(blocker);
        }
    }

    @Test
    void aTokenWithTheRightPrefixOrAnotherLengthIsRefused() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);
        FakeSession session = session(CLIENT);

        assertFalse(request(session, token.substring(0, 63)));
        assertFalse(request(session, token + "0"));
        assertFalse(request(session, token.substring(0, 63) + (token.endsWith("0") ? "1" : "0")));
        assertFalse(request(session, ""));
        assertTrue(request(session, token));
    }

    // settings

    @Test
    void scopeAndTtlAcceptEveryDocumentedForm() throws Exception {
        for (String ttl : List.of("3600", "90s", "5m", "1h", "0", "8760h")) {
            LoginHandler other = new LoginHandler(clock, new TokenFile(), timer);
            other.start(context(Map.of("token-scope", "ADDRESS", "token-ttl", ttl)));
            other.stop();
        }
    }

    @Test
    void aBadTokenTtlFailsStartWithOneLineNamingTheSettingTheValueAndTheFormat() {
        for (String ttl : List.of("5 minutes", "-1", "1d", "1.5h", "8761h", "9999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> start(Map.of("token-scope", "address", "token-ttl", ttl)));

            assertEquals("invalid token-ttl '" + ttl + "': expected whole seconds (3600) or a number with s, m or h"
                    + " (90s, 5m, 1h), at most 365 days; 0 means never", e.getMessage());
        }
        assertFalse(Files.exists(dataDir.resolve("connection")), "nothing is touched before the settings are valid");
    }

    @Test
    void aBadTokenScopeFailsStartWithOneLineNamingTheSettingTheValueAndTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> start(Map.of("token-scope", "everywhere\n")));

        assertEquals("invalid token-scope 'everywhere\\n': expected connection or address", e.getMessage());
    }

    @Test
    void theHandlerDeclaresTheSecretTheScopeAndTheTtlWithTheirDefaults() {
        List<Setting> settings = handler.settings();

        assertEquals(List.of("auth-secret", "token-scope", "token-ttl"), settings.stream().map(Setting::key).toList());
        assertEquals(List.of("", "connection", "1h"), settings.stream().map(Setting::defaultValue).toList());
        assertEquals(List.of(true, false, false), settings.stream().map(Setting::secret).toList());
        assertEquals(Set.of("secret"), handler.secretMembers());
    }

    private void start(Map<String, String> settings) throws IOException {
        handler.start(context(settings));
    }

    private HandlerContext context(Map<String, String> settings) {
        return new HandlerContext() {
            @Override
            public Path dataDir() {
                return dataDir;
            }

            @Override
            public Optional<String> setting(String key) {
                return Optional.ofNullable(settings.get(key));
            }
        };
    }

    private String login(FakeSession session) throws Exception {
        return (String) handler.handle(new Request(Map.of("url", "/login", "hostname", "sharing-box")), session)
                .body().get("token");
    }

    private String loginAndLeave(String ip) throws Exception {
        FakeSession session = session(ip);
        String token = login(session);
        handler.disconnected(session);
        return token;
    }

    /** What the server does for a request that needs the token: ask the authority, grant on acceptance. */
    private boolean request(FakeSession session, String token) {
        boolean accepted = handler.accepts(token, session);
        if (accepted && session.token() == null) {
            session.grantToken(token);
        }
        return accepted;
    }

    private Path tokenFile() {
        return dataDir.resolve("connection").resolve("TOKEN");
    }

    /** A connection from {@code ip}, as the kit's fake session plays it. */
    private static FakeSession session(String ip) {
        try {
            return new FakeSession().withAddress(new InetSocketAddress(InetAddress.getByName(ip), 40000));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }
}
