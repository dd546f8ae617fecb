package dev.turnstile.startup;

/**
 * Start-up cannot go on. The message is one line that names what to fix; the launcher prints it
 * to standard error and exits non-zero.
 */
public class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
