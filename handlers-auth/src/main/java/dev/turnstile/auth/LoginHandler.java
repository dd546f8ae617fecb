package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.TokenAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletionException;
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
 * identifier, not a password. Only one token is valid at a time: a new login replaces it.
 *
 * <p><b>Token scope.</b> As the server's {@link TokenAuthority}, this handler decides where its
 * token is accepted, by the setting {@code token-scope}:
 * <ul>
 *   <li>{@code connection} (default): on the connection that logged in, until it closes.
 *   <li>{@code address}: also on later connections from the same IP address, as the original
 *       Python client needs (it opens a new connection per request), until the next login,
 *       {@code token-ttl} (default {@code 1h}, {@code 0} = never) after its last use, or server
 *       stop. From another address the token is refused, and that attempt neither uses nor ends
 *       it.
 * </ul>
 * See {@link CurrentToken} for the rules and the expiry on the server's timer.
 *
 * <p><b>Secret.</b> When the plugin's setting {@code auth-secret} is set, a login must also carry
 * {@code "secret"} equal to it (compared in constant time, on SHA-256 digests so that not even the
 * length leaks). A missing or wrong secret is answered 401 after {@link #FAILURE_DELAY}, a
 * {@link Response#later} on the server's timer, so the server thread is never blocked; the fifth
 * failure on one connection closes it after its answer. So a guesser gets at most five tries per
 * connection, one a second.
 *
 * <p>The current token is also written to {@code <data-dir>/connection/TOKEN} for local tools; the
 * file exists exactly as long as the token is valid (with connection scope it goes when its client
 * disconnects; with address scope when the token expires, even without traffic), is replaced at the
 * next login, removed when the server stops, and, if a crash left one behind, at start-up. An
 * unwritable data dir fails start-up; a failed write at login is a 500 and keeps the old token.
 */
final class LoginHandler implements Handler, TokenAuthority {

    static final int MAX_HOSTNAME_LENGTH = 255;
    static final String HOSTNAME_RULE =
            "\"hostname\" must be a non-empty string of at most " + MAX_HOSTNAME_LENGTH + " characters";

    private static final Logger LOG = LoggerFactory.getLogger(LoginHandler.class);
    private static final int LOGGED_TOKEN_PREFIX = 8;
    /** How long a refused secret's answer waits. */
    static final Duration FAILURE_DELAY = Duration.ofSeconds(1);
    /** Failures on one connection after which it is closed. */
    static final int MAX_FAILURES = 5;
    private static final String FAILURES = LoginHandler.class.getName() + ".failures";

    private final Clock clock;
    private final CurrentToken current;
    /** The SHA-256 of the secret, or {@code null} when none is set. */
    private final byte[] secretDigest;
    private final ServerTimer timer;

    /**
     * @param clock the time each token is stamped with
     * @param current the token and its rules
     * @param secret what a login must carry as {@code "secret"}, or {@code null} for none
     * @param timer the server's timer, which delays a refused secret's answer
     */
    LoginHandler(Clock clock, CurrentToken current, String secret, ServerTimer timer) {
        this.clock = clock;
        this.current = current;
        this.secretDigest = secret == null ? null : digest(secret);
        this.timer = timer;
    }

    @Override
    public String url() {
        return "/login";
    }

    @Override
    public boolean needsToken() {
        return false;
    }

    @Override
    public Set<String> secretMembers() {
        return Set.of("secret");
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        if (secretDigest != null && !secretGiven(request)) {
            return refused(session);
        }
        String hostname = hostname(request);
        String ip = IpText.of(session.remoteAddress().getAddress());
        String token = TokenFormula.token(ip, hostname, TimestampText.of(clock.instant()));
        try {
            // Written before it is granted: if the write fails, the client keeps its old token.
            current.grant(token, ip, session);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the token file", e);
        }
        session.grantToken(token);
        LOG.info("login by {} from {}, token {}...", PythonRepr.of(hostname), ip,
                token.substring(0, LOGGED_TOKEN_PREFIX));
        return Response.ok("token", token);
    }

    /**
     * Accepts the current token on the connection that logged in, and with
     * {@code token-scope=address} on any connection from its address while it has not expired.
     */
    @Override
    public boolean accepts(String token, Session session) {
        return current.accepts(token, session);
    }

    /** @return whether a login needs the secret: when {@code auth-secret} is set */
    @Override
    public boolean requiresSecret() {
        return secretDigest != null;
    }

    private boolean secretGiven(Request request) {
        return request.get("secret") instanceof String text && MessageDigest.isEqual(secretDigest, digest(text));
    }

    /** A 401 after {@link #FAILURE_DELAY}; the fifth on one connection closes it after its answer. */
    private Response refused(Session session) {
        int failures = (Integer) session.attributes().merge(FAILURES, 1, (a, b) -> (Integer) a + (Integer) b);
        String ip = IpText.of(session.remoteAddress().getAddress());
        HandlerException refusal;
        if (failures >= MAX_FAILURES) {
            session.closeAfterAnswer();
            LOG.warn("login from {} refused: wrong or missing secret, {} failures; closing the connection", ip, failures);
            refusal = HandlerException.unauthorized("\"secret\" is missing or wrong; " + failures
                    + " failed logins, closing the connection");
        } else {
            LOG.warn("login from {} refused: wrong or missing secret (failure {} of {})", ip, failures, MAX_FAILURES);
            refusal = HandlerException.unauthorized("\"secret\" is missing or wrong");
        }
        return Response.later(timer.after(FAILURE_DELAY).thenApply(waited -> {
            throw new CompletionException(refusal);
        }));
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
