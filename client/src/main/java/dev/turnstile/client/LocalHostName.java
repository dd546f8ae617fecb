package dev.turnstile.client;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name {@code /login} sends when the caller gives none: this machine's host name. */
final class LocalHostName {

    private static final int MAX_LENGTH = 255;

    private LocalHostName() {
    }

    static String get() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A machine whose own name does not resolve still has to log in as something.
            name = "localhost";
        }
        if (name == null || name.isEmpty()) {
            return "localhost";
        }
        return name.length() > MAX_LENGTH ? name.substring(0, MAX_LENGTH) : name;
    }
}
