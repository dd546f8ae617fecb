package dev.turnstile.auth;

import dev.turnstile.spi.ServerTimer;
import dev.turnstile.spi.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one token that is valid at a time, where it is accepted, and when it ends; the
 * {@link TokenStore} (the TOKEN file) is kept in step, so the file exists exactly as long as the
 * token does.
 *
 * <ul>
 *   <li>{@link TokenScope#CONNECTION}: accepted only on the session that logged in; it ends when
 *       that session closes, at the next login, or at stop. {@code token-ttl} does not apply.
 *   <li>{@link TokenScope#ADDRESS}: accepted on any session from the IP address that logged in.
 *       It ends at the next login, at stop, or {@code ttl} after its last use (the login or any
 *       request it was accepted on); a zero ttl never ends it by time. A closing session leaves it
 *       alone. A request from another address is refused and neither uses nor ends it.
 * </ul>
 *
 * <p><b>Expiry without traffic.</b> An unused token must end (and its file go) even when no
 * request arrives to notice it, so a token that can expire has a check on the server's
 * {@link ServerTimer}. Its future completes on the server thread, like every other call here, so
 * nothing needs a lock. The check re-reads the timer's clock rather than trusting its delay: a use
 * that happened meanwhile simply moves it to the new deadline, so a request does not reschedule
 * anything. A check that fires before its own deadline means the server is stopping (its timers
 * all fire then); it does nothing, and {@link #endAll} follows. A delay longer than a timer takes
 * (a day) is waited in steps of a day.
 */
final class CurrentToken {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentToken.class);
    private static final int LOGGED_TOKEN_PREFIX = 8;
    private static final Duration LONGEST_TIMER = Duration.ofDays(1);

    private final TokenScope scope;
    private final Duration ttl;
    private final TokenStore store;
    private final ServerTimer timer;

    /** The current token, or {@code null} when no token is valid. */
    private String text;
    /** The address it was granted to, as {@link IpText} writes it. */
    private String ip;
    /** The session that logged in; with connection scope the only one it is accepted on. */
    private Session holder;
    /** When it was last used, on the timer's clock. */
    private long lastUse;
    private CompletableFuture<Void> expiryCheck;

    /**
     * @param scope where the token is accepted
     * @param ttl with address scope, how long an unused token lives; zero for ever
     * @param store the TOKEN file, already {@linkplain TokenStore#open opened}
     * @param timer the server's timer: the clock of each use, and the expiry check
     */
    CurrentToken(TokenScope scope, Duration ttl, TokenStore store, ServerTimer timer) {
        this.scope = scope;
        this.ttl = ttl;
        this.store = store;
        this.timer = timer;
    }

    /**
     * Makes {@code newToken} the only valid token, granted to {@code session} at {@code address}.
     *
     * @throws IOException when the TOKEN file cannot be written; the earlier token is then
     *     unchanged, still valid and still in the file
     */
    void grant(String newToken, String address, Session session) throws IOException {
        store.write(newToken);
        cancelExpiryCheck();
        text = newToken;
        ip = address;
        holder = session;
        lastUse = timer.nanoTime();
        if (scope == TokenScope.ADDRESS && !ttl.isZero()) {
            scheduleExpiryCheck(ttl);
        }
    }

    /**
     * Whether a request on {@code session} may go on with {@code given}; an accepted request with
     * address scope counts as a use of the token.
     *
     * @param given the request's token
     * @param session the connection it came on
     * @return whether the request may go on
     */
    boolean accepts(String given, Session session) {
        if (text == null || given == null || !matches(given)) {
            return false;
        }
        if (scope == TokenScope.CONNECTION) {
            return session == holder;
        }
        String from = IpText.of(session.remoteAddress().getAddress());
        if (!from.equals(ip)) {
            LOG.warn("token {}... of {} refused from {}: with token-scope=address it is accepted only from the"
                    + " address that logged in", prefix(), ip, from);
            return false;
        }
        long now = timer.nanoTime();
        if (expired(now)) {
            end("it was unused for " + ttl.toSeconds() + " s (token-ttl)");
            return false;
        }
        lastUse = now;
        return true;
    }

    /**
     * Compares {@code given} with the token without an early exit, so the time taken does not tell
     * how much of a guess was right; a length that differs says nothing secret. It reads the
     * characters in place: this runs for every request, and a copy into bytes would be garbage.
     */
    private boolean matches(String given) {
        if (given.length() != text.length()) {
            return false;
        }
        int diff = 0;
        for (int i = 0; i < text.length(); i++) {
            diff |= text.charAt(i) ^ given.charAt(i);
        }
        return diff == 0;
    }

    /** A session has closed: with connection scope, the token of the session that logged in ends. */
    void disconnected(Session session) {
        if (scope == TokenScope.CONNECTION && text != null && session == holder) {
            end(null);
        }
        if (session == holder) {
            // The session must not be used afterwards; with address scope the token lives on without it.
            holder = null;
        }
    }

    /** Ends the token, if there is one: the server stops. */
    void endAll() {
        if (text != null) {
            end(null);
        } else {
            // No token, so no file should exist; removing is harmless and covers one put there by hand.
            store.remove();
        }
    }

    private boolean expired(long now) {
        return !ttl.isZero() && now - lastUse >= ttl.toNanos();
    }

    private void scheduleExpiryCheck(Duration delay) {
        Duration step = delay.compareTo(LONGEST_TIMER) > 0 ? LONGEST_TIMER : delay;
        String checked = text;
        long due = timer.nanoTime() + step.toNanos();
        expiryCheck = timer.after(step);
        expiryCheck.thenRun(() -> checkExpiry(checked, due));
    }

    /** Runs on the server thread when the check's timer fires. */
    private void checkExpiry(String checked, long due) {
        long now = timer.nanoTime();
        if (!checked.equals(text) || now - due < 0) {
            // Replaced or ended meanwhile (that token's own check is in charge), or fired early
            // because the server is stopping: endAll comes next.
            return;
        }
        if (expired(now)) {
            end("it was unused for " + ttl.toSeconds() + " s (token-ttl)");
        } else {
            scheduleExpiryCheck(Duration.ofNanos(lastUse + ttl.toNanos() - now));
        }
    }

    private void end(String reason) {
        if (text == null) {
            return;
        }
        if (reason != null) {
            LOG.info("token {}... of {} ended: {}", prefix(), ip, reason);
        }
        cancelExpiryCheck();
        store.remove();
        text = null;
        ip = null;
        holder = null;
    }

    private void cancelExpiryCheck() {
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
            expiryCheck = null;
        }
    }

    private String prefix() {
        return text.substring(0, Math.min(LOGGED_TOKEN_PREFIX, text.length()));
    }
}
