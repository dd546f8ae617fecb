package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Request;
import dev.turnstile.spi.Setting;
import dev.turnstile.testing.FakePluginContext;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code token-scope} and {@code token-ttl} by hand: the plugin started with the testing kit's
 * context (its settings read as the server reads them), a real TOKEN file in a temporary data dir,
 * connections played by {@link FakeSession}s one after another as the server serves them, and time
 * moved on the context's manual server timer, which runs the expiry checks, and on the clock the
 * tokens are stamped with. {@link #request} does what the server does with the handler's answer as
 * token authority.
 */
class TokenScopeTest {

    private static final String CLIENT = "192.168.1.20";
    private static final String OTHER = "192.168.1.66";

    @TempDir
    Path dataDir;

    private final ManualClock clock = ManualClock.at(Instant.parse("2026-11-30T12:00:00Z"));
    private final AuthPlugin plugin = new AuthPlugin(clock);
    private FakePluginContext context;
    private LoginHandler handler;

    // connection scope: the rule of SPEC §4 before v1.2, unchanged

    @Test
    void withTheDefaultScopeTheTokenIsAcceptedOnlyOnTheConnectionThatLoggedIn() throws Exception {
        start(Map.of());
        FakeSession first = session(CLIENT);
        String token = login(first);

        assertTrue(request(first, token));
        plugin.disconnected(first);
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

        plugin.disconnected(session);

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session, token));
    }

    @Test
    void withConnectionScopeTheTokenDoesNotExpireWithTime() throws Exception {
        start(Map.of("token-ttl", "1m"));
        FakeSession session = session(CLIENT);
        String token = login(session);

        advance(Duration.ofDays(2));

        assertTrue(request(session, token));
        assertEquals(token, Files.readString(tokenFile()));
        assertEquals(0, pendingChecks());
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
        plugin.disconnected(loginConnection);

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

        plugin.disconnected(session);

        assertEquals(token, Files.readString(tokenFile()));
    }

    @Test
    void withAddressScopeATokenFromAnotherAddressIsRefusedAndStillValidFromTheRightOne() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);

        FakeSession stranger = session(OTHER);
        assertFalse(request(stranger, token));
        assertEquals(null, stranger.token());
        plugin.disconnected(stranger);

        assertEquals(token, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeARefusedAttemptFromAnotherAddressDoesNotCountAsAUse() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "1h"));
        String token = loginAndLeave(CLIENT);

        advance(Duration.ofMinutes(40));
        assertFalse(request(session(OTHER), token));
        advance(Duration.ofMinutes(20));

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

        advance(Duration.ofMinutes(50));
        assertTrue(request(session(CLIENT), token));
        advance(Duration.ofMinutes(59));
        assertTrue(request(session(CLIENT), token));
        advance(Duration.ofMinutes(59).plusSeconds(59));
        assertEquals(token, Files.readString(tokenFile()));

        advance(Duration.ofSeconds(1));

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeTheLoginItselfIsTheFirstUse() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "90s"));
        String token = loginAndLeave(CLIENT);

        advance(Duration.ofSeconds(89));
        assertTrue(Files.exists(tokenFile()));
        advance(Duration.ofSeconds(1));

        assertFalse(Files.exists(tokenFile()));
        assertFalse(request(session(CLIENT), token));
    }

    @Test
    void withAddressScopeTheTokenFileIsRemovedAtExpiryWithoutAnyTraffic() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "5m"));
        loginAndLeave(CLIENT);
        assertEquals(1, pendingChecks());

        advance(Duration.ofMinutes(5));

        assertFalse(Files.exists(tokenFile()));
        assertEquals(0, pendingChecks(), "an expired token leaves nothing scheduled");
    }

    @Test
    void withAddressScopeATokenThatExpiredWhileItsConnectionWasOpenIsRefusedThere() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "5m"));
        FakeSession session = session(CLIENT);
        String token = login(session);

        advance(Duration.ofMinutes(5));

        assertFalse(request(session, token));
        assertFalse(Files.exists(tokenFile()));
    }

    @Test
    void withAddressScopeAndTtl0TheTokenNeverExpires() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "0"));
        String token = loginAndLeave(CLIENT);

        advance(Duration.ofDays(365));

        assertEquals(0, pendingChecks());
        assertEquals(token, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), token));
    }

    @Test
    void theExpiryOfAReplacedTokenLeavesTheNewTokenAndItsFileAlone() throws Exception {
        start(Map.of("token-scope", "address", "token-ttl", "1h"));
        loginAndLeave(CLIENT);
        advance(Duration.ofMinutes(30));
        String second = loginAndLeave(CLIENT);

        advance(Duration.ofMinutes(31));

        assertEquals(second, Files.readString(tokenFile()));
        assertTrue(request(session(CLIENT), second));
        assertEquals(1, pendingChecks(), "the first token's check was cancelled, not left to run");
    }

    @Test
    void withAddressScopeStopRemovesTheTokenFileAndCancelsItsCheck() throws Exception {
        start(Map.of("token-scope", "address"));
        String token = loginAndLeave(CLIENT);

        context.manualTimer().fireAll();
        plugin.stop();

        assertFalse(Files.exists(tokenFile()));
        assertEquals(0, pendingChecks());
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
        for (String ttl : List.of("3600", "90s", "5m", "1h", "0", "8760h", "365d")) {
            AuthPlugin other = new AuthPlugin(clock);
            other.start(FakePluginContext.in(dataDir).declaredBy(other).withSetting("token-scope", "ADDRESS")
                    .withSetting("token-ttl", ttl));
            other.stop();
        }
    }

    @Test
    void aBadTokenTtlOrScopeIsRefusedByTheServersOwnFormatsNamingTheSettingAndWhatItAccepts() {
        for (String ttl : List.of("5 minutes", "-1", "1.5h", "8761h", "366d", "9999999999999")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FakePluginContext.in(dataDir).declaredBy(plugin).withSetting("token-ttl", ttl));

            assertEquals("invalid --token-ttl '" + ttl + "': expected whole seconds (300) or a number with ms, s, m, h"
                    + " or d (50ms, 90s, 5m), from 0 to 365d", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FakePluginContext.in(dataDir).declaredBy(plugin).withSetting("token-scope", "ip"));
        assertEquals("invalid --token-scope 'ip': expected connection or address", e.getMessage());
        assertFalse(Files.exists(dataDir.resolve("connection")), "nothing is touched");
    }

    @Test
    void thePluginDeclaresTheSecretTheScopeAndTheTtlWithTheirDefaults() throws Exception {
        List<Setting<?>> settings = plugin.settings();

        assertEquals(List.of("auth-secret", "token-scope", "token-ttl"), settings.stream().map(Setting::key).toList());
        assertEquals(List.of("", "connection", "1h"), settings.stream().map(Setting::defaultText).toList());
        assertEquals(List.of(Setting.Kind.SECRET, Setting.Kind.WORD, Setting.Kind.DURATION),
                settings.stream().map(Setting::kind).toList());
        start(Map.of());
        assertEquals(Set.of("secret"), handler.secretMembers());
        assertFalse(handler.requiresSecret());
    }

    private void start(Map<String, String> settings) throws IOException {
        context = FakePluginContext.in(dataDir).declaredBy(plugin);
        settings.forEach(context::withSetting);
        handler = (LoginHandler) plugin.start(context).get(0);
    }

    /** Moves the server's timer, which runs the expiry checks, and the clock the tokens are stamped with. */
    private void advance(Duration by) {
        clock.advance(by);
        context.manualTimer().advance(by);
    }

    private int pendingChecks() {
        return context.manualTimer().pending();
    }

    private String login(FakeSession session) throws Exception {
        return (String) handler.handle(new Request(Map.of("url", "/login", "hostname", "sharing-box")), session)
                .body().get("token");
    }

    private String loginAndLeave(String ip) throws Exception {
        FakeSession session = session(ip);
        String token = login(session);
        plugin.disconnected(session);
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
