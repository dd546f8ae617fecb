package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /login}: grants the connection a token, the only url a client may call without one.
 *
 * <pre>{@code
 * → {"url":"/login","hostname":"hacknet-fedoralinux"}
 * ← {"code":200,"token":"<64 lowercase hex>"}
 * }</pre>
 *
 * <p>{@code hostname} is required, a non-empty string of at most 255 characters (code points);
 * otherwise the answer is 400. The token is the original design's: the SHA-256 of Python's
 * {@code str({'ip': IP, 'hostname': HOSTNAME, 'time_stamp': TS})} for the client's address and
 * the server's UTC time (see {@link TokenFormula}). Its inputs are guessable, so it is an
 * identifier, not a password: it is granted to the {@link Session} only, and the server accepts it
 * on that connection alone until it closes. A new login on the same connection replaces it.
 *
 * <p><b>Secret.</b> When this plugin's setting {@code auth-secret} is set, a login must also carry
 * {@code "secret"} equal to it (compared in constant time, on SHA-256 digests so that not even the
 * length leaks). A missing or wrong secret is answered 401 after {@link #FAILURE_DELAY}, held by
 * the connection without blocking the server thread; the fifth failure on one connection closes
 * it after its answer. So a guesser gets at most five tries per connection, one a second.
 *
 * <p>The current token is also written to {@code <data-dir>/connection/TOKEN} for local tools;
 * the file is removed when its client disconnects, when the server stops, and, if a crash left one
 * behind, at start-up. An unwritable data dir fails start-up; a failed write at login is a 500.
 */
public final class LoginHandler implements Handler {

    static final int MAX_HOSTNAME_LENGTH = 255;
    static final String HOSTNAME_RULE =
            "\"hostname\" must be a non-empty string of at most " + MAX_HOSTNAME_LENGTH + " characters";

    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
    private static final int LOGGED_TOKEN_PREFIX = 8;
    /** How long a refused secret's answer is held. */
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    /** Failures on one connection after which it is closed. */
    static final int MAX_FAILURES = 5;
    static final String SECRET_SETTING = "auth-secret";
    private static final String FAILURES = LoginHandler.class.getName() + ".failures";

    private final Clock clock;
    private final TokenStore tokens;
    /** The connection whose token is in the store, so that only its close removes it. */
    private Session tokenHolder;
    /** The SHA-256 of the secret, or {@code null} when none is set. */
    private byte[] secretDigest;

    /** The handler the server loads: the system clock and {@code <data-dir>/connection/TOKEN}. */
    public LoginHandler() {
        this(Clock.systemUTC(), new TokenFile());
    }

    LoginHandler(Clock clock, TokenStore tokens) {
        this.clock = clock;
        this.tokens = tokens;
    }

    @Override
    public String url() {
        return "/login";
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    /** {@code auth-secret}: this plugin's only setting, which no other plugin sees. */
    @Override
    public List<Setting> settings() {
        return List.of(Setting.secret(SECRET_SETTING,
                "The secret /login must carry as \"secret\"; none by default: anyone who can connect can log in"));
    }

    /** The secret a login carries never reaches a log line. */
    @Override
    public Set<String> secretMembers() {
        return Set.of("secret");
    }

    @Override
    public void start(HandlerContext context) throws IOException {
        tokens.open(context.dataDir());
        secretDigest = context.setting(SECRET_SETTING).map(LoginHandler::digest).orElse(null);
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        if (secretDigest != null) {
            checkSecret(request, session);
        }
        String hostname = hostname(request);
        String ip = IpText.of(session.remoteAddress().getAddress());
        String token = TokenFormula.token(ip, hostname, TimestampText.of(clock.instant()));
        try {
            // Written before it is granted: if the write fails, the client keeps its old token.
            tokens.write(token);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the token file", e);
        }
        session.grantToken(token);
        tokenHolder = session;
        LOG.info("login by {} from {}, token {}...", PythonRepr.of(hostname), ip,
                token.substring(0, LOGGED_TOKEN_PREFIX));
        return Response.ok("token", token);
    }

    @Override
    public void disconnected(Session session) {
        if (session == tokenHolder) {
            tokens.remove();
            tokenHolder = null;
        }
    }

    @Override
    public void stop() {
        tokens.remove();
        tokenHolder = null;
    }

    private void checkSecret(Request request, Session session) throws HandlerException {
        Object given = request.get("secret");
        if (given instanceof String text && MessageDigest.isEqual(secretDigest, digest(text))) {
            return;
        }
        int failures = (Integer) session.attributes().merge(FAILURES, 1, (a, b) -> (Integer) a + (Integer) b);
        session.delayAnswer(FAILURE_DELAY);
        String ip = IpText.of(session.remoteAddress().getAddress());
        if (failures >= MAX_FAILURES) {
            session.closeAfterAnswer();
            LOG.warn("login from {} refused: wrong or missing secret, {} failures; closing the connection", ip, failures);
            throw HandlerException.unauthorized("\"secret\" is missing or wrong; " + failures
                    + " failed logins, closing the connection");
        }
        LOG.warn("login from {} refused: wrong or missing secret (failure {} of {})", ip, failures, MAX_FAILURES);
        throw HandlerException.unauthorized("\"secret\" is missing or wrong");
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String hostname(Request request) throws HandlerException {
        Object value = request.require("hostname");
        if (value instanceof String hostname && !hostname.isEmpty()
                && hostname.codePointCount(0, hostname.length()) <= MAX_HOSTNAME_LENGTH) {
            return hostname;
        }
        throw HandlerException.badRequest(HOSTNAME_RULE);
    }
}
