package dev.turnstile.client.cli;

/** Ends the command with one line on standard error and an {@link ExitCode}. */
final class CliFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
