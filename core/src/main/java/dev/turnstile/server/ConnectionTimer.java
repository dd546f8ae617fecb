package dev.turnstile.server;

/**
 * The two deadlines of a connection: idle (nothing sent or taken by the client for too long) and
 * login (no token yet, too long after connecting). Works on a caller-supplied clock in
 * nanoseconds, so it is tested without sleeping; the loop sleeps until {@link #deadline()}.
 */
final class ConnectionTimer {

    /** Which deadline has passed. */
    enum Expiry { NONE, IDLE, LOGIN }

    private final long idleNanos;
    private final long loginDeadline;
    private long lastActivity;
    private boolean loggedIn;

    /**
     * @param idleNanos the idle timeout, 0 for none
     * @param loginNanos the login timeout, 0 for none
     * @param now the clock at connection time
     */
    ConnectionTimer(long idleNanos, long loginNanos, long now) {
        this.idleNanos = idleNanos;
        this.loginDeadline = loginNanos == 0 ? Long.MAX_VALUE : now + loginNanos;
        this.lastActivity = now;
    }

    /** The client sent bytes, or took some of ours. */
    void activity(long now) {
        lastActivity = now;
    }

    /** The connection holds a token: the login deadline no longer applies. */
    void loggedIn() {
        loggedIn = true;
    }

    /** @return the nearest deadline on the same clock, or {@link Long#MAX_VALUE} for none */
    long deadline() {
        long idle = idleNanos == 0 ? Long.MAX_VALUE : lastActivity + idleNanos;
        return loggedIn ? idle : Math.min(idle, loginDeadline);
    }

    Expiry expired(long now) {
        if (!loggedIn && now - loginDeadline >= 0 && loginDeadline != Long.MAX_VALUE) {
            return Expiry.LOGIN;
        }
        if (idleNanos != 0 && now - (lastActivity + idleNanos) >= 0) {
            return Expiry.IDLE;
        }
        return Expiry.NONE;
    }
}
