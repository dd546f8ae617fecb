package dev.turnstile.auth;

import dev.turnstile.spi.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * <p><b>Threading.</b> Everything runs on the server thread except the expiry check, which an
 * {@link ExpiryTimer} runs on its own thread so that an unused token ends (and its file goes)
 * even when no request arrives. Every method is therefore {@code synchronized}, and the file is
 * only written or removed while the lock is held: a login's new file can never be removed by the
 * expiry of the token it replaced, because the check runs under the lock and first asks whether
 * its token is still the current one. Contention is rare (one check per ttl), so the lock costs
 * the server thread nothing measurable. The check re-reads the clock rather than trusting its
 * delay, so a use that happened meanwhile simply moves it to the new deadline: a request does
 * not have to reschedule anything.
 */
final class CurrentToken {

    private static final Logger LOG = LoggerFactory.getLogger(CurrentToken.class);
    private static final int LOGGED_TOKEN_PREFIX = 8;

    private final TokenScope scope;
    private final Duration ttl;
    private final Clock clock;
    private final TokenStore store;
    private final ExpiryTimer timer;

    /** The current token's bytes, or {@code null} when no token is valid. */
    private byte[] token;
    private String text;
    /** The address it was granted to, as {@link IpText} writes it. */
    private String ip;
    /** The session that logged in; with connection scope the only one it is accepted on. */
    private Session holder;
    private Instant lastUse;
    private ExpiryTimer.Scheduled expiryCheck;

    /**
     * @param scope where the token is accepted
     * @param ttl with address scope, how long an unused token lives; zero for ever
     * @param clock the time of each use
     * @param store the TOKEN file, already {@linkplain TokenStore#open opened}
     * @param timer runs the expiry check
     */
    CurrentToken(TokenScope scope, Duration ttl, Clock clock, TokenStore store, ExpiryTimer timer) {
        this.scope = scope;
        this.ttl = ttl;
        this.clock = clock;
        this.store = store;
        this.timer = timer;
    }

    /**
     * Makes {@code newToken} the only valid token, granted to {@code session} at {@code address}.
     *
     * @throws IOException when the TOKEN file cannot be written; the earlier token is then
     *     unchanged, still valid and still in the file
     */
    synchronized void grant(String newToken, String address, Session session) throws IOException {
        store.write(newToken);
        cancelExpiryCheck();
        token = newToken.getBytes(StandardCharsets.UTF_8);
        text = newToken;
        ip = address;
        holder = session;
        lastUse = clock.instant();
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
    synchronized boolean accepts(String given, Session session) {
        if (token == null || given == null || !matches(given)) {
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
        Instant now = clock.instant();
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
    synchronized void disconnected(Session session) {
        if (scope == TokenScope.CONNECTION && token != null && session == holder) {
            end(null);
        }
        if (session == holder) {
            // The session must not be used afterwards; with address scope the token lives on without it.
            holder = null;
        }
    }

    /** Ends the token, if there is one: the server stops. */
    synchronized void endAll() {
        if (token != null) {
            end(null);
        } else {
            // No token, so no file should exist; removing is harmless and covers one put there by hand.
            store.remove();
        }
    }

    private boolean expired(Instant now) {
        return !ttl.isZero() && !now.isBefore(lastUse.plus(ttl));
    }

    private void scheduleExpiryCheck(Duration delay) {
        byte[] checked = token;
        expiryCheck = timer.schedule(() -> checkExpiry(checked), delay);
    }

    /** Runs on the timer's thread. */
    private synchronized void checkExpiry(byte[] checked) {
        if (token != checked) {
            return; // replaced or ended meanwhile: that token's own check is in charge now
        }
        Instant now = clock.instant();
        if (expired(now)) {
            end("it was unused for " + ttl.toSeconds() + " s (token-ttl)");
        } else {
            scheduleExpiryCheck(Duration.between(now, lastUse.plus(ttl)));
        }
    }

    private void end(String reason) {
        if (token == null) {
            return;
        }
        if (reason != null) {
            LOG.info("token {}... of {} ended: {}", prefix(), ip, reason);
        }
        cancelExpiryCheck();
        store.remove();
        token = null;
        text = null;
        ip = null;
        holder = null;
        lastUse = null;
    }

    private void cancelExpiryCheck() {
        if (expiryCheck != null) {
            expiryCheck.cancel();
            expiryCheck = null;
        }
    }

    private String prefix() {
        return text.substring(0, Math.min(LOGGED_TOKEN_PREFIX, text.length()));
    }
}
