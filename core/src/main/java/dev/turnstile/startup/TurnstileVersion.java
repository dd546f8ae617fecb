package dev.turnstile.startup;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;

/** The version of the running {@code turnstile-core} jar, for {@code --version} and start-up hints. */
public final class TurnstileVersion {

    private static final String POM_PROPERTIES = "/META-INF/maven/dev.turnstile/turnstile-core/pom.properties";

    private TurnstileVersion() {
    }

    /**
     * @return the manifest's {@code Implementation-Version}, else the version in the
     *     {@code pom.properties} Maven puts in every jar; empty when running from compiled classes
     */
    public static Optional<String> find() {
        String fromManifest = TurnstileVersion.class.getPackage().getImplementationVersion();
        if (fromManifest != null) {
            return Optional.of(fromManifest);
        }
        try (InputStream in = TurnstileVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return Optional.ofNullable(pom.getProperty("version"));
            }
        } catch (IOException e) {
            // An unreadable jar entry only costs the version number.
        }
        return Optional.empty();
    }
}
