package dev.turnstile.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * The version of the running {@code turnstile-core} jar: its manifest's
 * {@code Implementation-Version}, else the {@code pom.properties} Maven puts in every jar.
 */
final class CoreVersion implements IVersionProvider {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.turnstile/turnstile-core/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"turnstile " + version()};
    }

    static String version() {
        String fromManifest = Main.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return fromManifest;
        }
        try (InputStream in = Main.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                String version = pom.getProperty("version");
                if (version != null) {
                    return version;
                }
            }
        } catch (IOException e) {
            // An unreadable jar entry is no reason to fail --version; say what is known.
        }
        // Only when running from compiled classes, as in the build's own tests.
        return "(version unknown: not running from a jar)";
    }
}
