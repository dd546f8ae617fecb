package dev.turnstile.client.cli;

/** The exit codes of {@code turnstile-cli}, as documented in {@code docs/clients.md}. */
final class ExitCode {

    /** Every answer was 200. */
    static final int OK = 0;
    /** The server answered, and an answer was not 200 (the login included). */
    static final int ANSWER = 1;
    /** The command line was wrong. */
    static final int USAGE = 2;
    /** The server could not be reached, or the connection failed. */
    static final int IO = 3;
    /** Another client holds the server, and {@code --wait} was not given. */
    static final int BUSY = 4;
    /** {@code pull} or {@code push} finished, but some paths could not be synced (each is named). */
    static final int PARTIAL = 5;
    /**
     * {@code pull} or {@code push} synced every path, and kept the other version of files changed
     * on both sides as conflict copies (each is named).
     */
    static final int CONFLICT_COPIES = 6;
    /**
     * {@code pull} or {@code push} was stopped by Ctrl-C on a terminal; 128 + SIGINT, as shells report
     * it. (SIGTERM ends the JVM with its own 143, after the same clean stop.)
     */
    static final int STOPPED = 130;

    private ExitCode() {
    }
}
