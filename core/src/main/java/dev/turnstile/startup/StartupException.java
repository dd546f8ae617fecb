package dev.turnstile.startup;

/**
 * Start-up cannot go on. The message is one line that names what to fix; the launcher prints it
 * to standard error and exits non-zero. Line breaks in the text given (a cause's message, say)
 * are folded into spaces, so the message is one line whoever built it.
 */
public class StartupException extends Exception {

    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(oneLine(message));
    }

    public StartupException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /**
     * The one helper that makes a message fit the single line every start-up and usage error is.
     *
     * @param message any text, or {@code null}
     * @return the text stripped, each line break with the spaces around it turned into one space;
     *     {@code "unknown error"} for {@code null}
     */
    public static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
