package dev.turnstile.client.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version in the client jar's manifest. */
final class ClientVersion implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        // Unknown only when running from compiled classes, as in the build's own tests.
        return new String[] {"turnstile-cli " + (version != null ? version : "(version unknown: not running from a jar)")};
    }
}
