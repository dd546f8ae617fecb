package dev.turnstile.plugin;

import dev.turnstile.startup.TurnstileVersion;

/** The file name of the auth plugin jar of this release, for the hint when no one can log in. */
final class AuthPluginName {

    private AuthPluginName() {
    }

    /** @return {@code turnstile-handlers-auth-<version>.jar}, with the version filled in when it is known */
    static String jar() {
        return "turnstile-handlers-auth-" + TurnstileVersion.find().orElse("<version>") + ".jar";
    }
}
