package dev.turnstile.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The file name of the auth plugin jar of this release, for the hint when no one can log in. */
final class AuthPluginName {

    private static final String CORE_POM = "/META-INF/maven/dev.turnstile/turnstile-core/pom.properties";

    private AuthPluginName() {
    }

    /** @return {@code turnstile-handlers-auth-<version>.jar}, with the version filled in when it is known */
    static String jar() {
        return "turnstile-handlers-auth-" + version() + ".jar";
    }

    private static String version() {
        String version = AuthPluginName.class.getPackage().getImplementationVersion();
        if (version != null) {
            return version;
        }
        // Maven writes pom.properties into every jar it builds; running from classes, there is none.
        try (InputStream in = AuthPluginName.class.getResourceAsStream(CORE_POM)) {
            if (in != null) {
                Properties pom = new Properties();
                pom.load(in);
                return pom.getProperty("version", "<version>");
            }
        } catch (IOException e) {
            // The hint only loses its version number.
        }
        return "<version>";
    }
}
