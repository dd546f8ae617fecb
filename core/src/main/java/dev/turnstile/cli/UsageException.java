package dev.turnstile.cli;

/**
 * The command line or the configuration is wrong: the user must change what they typed or wrote.
 * The message is one line; the launcher prints it after {@code turnstile: } and exits with 2.
 */
final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    /**
     * @param text a value as the user gave it
     * @return the value in single quotes, with control characters escaped so it stays on one line
     */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                quoted.append(String.format("\\x%02x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('\'').toString();
    }
}
