package dev.turnstile.cli;

import dev.turnstile.startup.TurnstileVersion;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code --version}: the version of the running {@code turnstile-core} jar.
 */
final class CoreVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"turnstile " + version()};
    }

    static String version() {
        // Unknown only when running from compiled classes, as in the build's own tests.
        return TurnstileVersion.find().orElse("(version unknown: not running from a jar)");
    }
}
