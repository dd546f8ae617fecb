package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth plugin: {@code /login} ({@link LoginHandler}), the one token it grants
 * ({@link CurrentToken}) and the file that token is kept in ({@link TokenFile}). It declares three
 * settings, which the server checks before anything starts:
 * <ul>
 *   <li>{@code auth-secret}: when set, a login must carry it as {@code "secret"};</li>
 *   <li>{@code token-scope}: {@code connection} (the default) or {@code address}, where a token is
 *       accepted;</li>
 *   <li>{@code token-ttl}: with address scope, how long an unused token lives ({@code 0}: until the
 *       next login or the stop).</li>
 * </ul>
 * {@link #start} opens the TOKEN file (removing one a crash left) and builds the handler;
 * {@link #disconnected} ends a connection's token, {@link #stop} the token and its file.
 */
public final class AuthPlugin implements Plugin {

    static final Setting<String> SECRET = Setting.secret("auth-secret",
            "Secret /login must carry as \"secret\" (default none); give it as TURNSTILE_AUTH_SECRET");
    static final Setting<String> SCOPE = Setting.oneOf("token-scope", "Where a token is accepted: connection (only the"
            + " one that logged in) or address (later connections from the same IP, as the original client needs)",
            "connection", "connection", "address");
    static final Setting<Duration> TTL = Setting.duration("token-ttl", "With token-scope=address, how long an unused"
            + " token lives; 0 = until the next login or stop", "1h", Duration.ZERO, Duration.ofDays(365));

    private static final Logger LOG = LoggerFactory.getLogger(AuthPlugin.class);

    private final Clock clock;
    private CurrentToken current;

    /** The plugin the server loads: tokens stamped with the system's UTC time. */
    public AuthPlugin() {
        this(Clock.systemUTC());
    }

    /**
     * @param clock the time each token is stamped with (SPEC §4)
     */
    AuthPlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(SECRET, SCOPE, TTL);
    }

    @Override
    public List<Handler> start(PluginContext context) throws IOException {
        TokenScope scope = TokenScope.of(context.get(SCOPE));
        Duration ttl = context.get(TTL);
        TokenFile file = new TokenFile();
        file.open(context.dataDir());
        current = new CurrentToken(scope, ttl, file, context.timer());
        if (scope == TokenScope.ADDRESS) {
            LOG.info("token-scope=address: a token is accepted on later connections from the address that logged in,"
                    + " until the next login{}", ttl.isZero() ? " or stop" : ", stop, or " + ttl.toSeconds() + " s unused");
        }
        return List.of(new LoginHandler(clock, current, context.find(SECRET).orElse(null), context.timer()));
    }

    @Override
    public void disconnected(Session session) {
        current.disconnected(session);
    }

    @Override
    public void stop() {
        if (current != null) {
            current.endAll();
        }
    }
}
