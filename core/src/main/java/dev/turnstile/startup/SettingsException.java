package dev.turnstile.startup;

/**
 * Start-up cannot go on because of what the settings say, each value valid on its own: two that
 * contradict each other, or a combination the server refuses to run with (listening on the network
 * with neither TLS nor a login secret). No restart can help, only a changed setting, so the launcher
 * exits with the code of a usage error (2), which the shipped systemd unit does not retry.
 */
public class SettingsException extends StartupException {

    private static final long serialVersionUID = 1L;

    public SettingsException(String message) {
        super(message);
    }
}
