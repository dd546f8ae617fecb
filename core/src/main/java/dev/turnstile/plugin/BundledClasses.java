package dev.turnstile.plugin;

import dev.turnstile.spi.Handler;
import java.net.URL;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Spots class files a plugin jar must not carry: the server's own classes and the libraries it
 * shares with its plugins. A plugin jar's loader asks the server first, so such copies are never
 * used, and when they differ from the server's they break in confusing ways.
 *
 * <p>Anything under {@code org/slf4j/}, {@code jakarta/json/} or the SPI package is refused. Under
 * the rest of {@code dev/turnstile/} only copies of classes that the server loads from
 * turnstile-core are refused, because Turnstile's own plugins live in packages such as
 * {@code dev.turnstile.sample}.
 */
final class BundledClasses {

    private static final List<String> SHARED = List.of("org/slf4j/", "jakarta/json/", "dev/turnstile/spi/");
    private static final String TURNSTILE = "dev/turnstile/";
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
    private static final String MARKER = Handler.class.getName().replace('.', '/') + ".class";

    private final ClassLoader parent;
    private final String coreLocation;

    /**
     * @param parent the server's class loader, which sees turnstile-core
     */
    BundledClasses(ClassLoader parent) {
        this.parent = parent;
        URL marker = parent.getResource(MARKER);
        String text = marker == null ? null : marker.toString();
        this.coreLocation = text == null ? null : text.substring(0, text.length() - MARKER.length());
    }

    /**
     * @param entryNames a jar's entry names, in the jar's order
     * @return the first entry that must not be in a plugin jar
     */
    Optional<String> first(List<String> entryNames) {
        return entryNames.stream().filter(this::forbidden).findFirst();
    }

    private boolean forbidden(String entryName) {
        String name = VERSIONED.matcher(entryName).replaceFirst("");
        if (!name.endsWith(".class")) {
            return false;
        }
        if (SHARED.stream().anyMatch(name::startsWith)) {
            return true;
        }
        return name.startsWith(TURNSTILE) && isCoreClass(name);
    }

    private boolean isCoreClass(String name) {
        URL server = parent.getResource(name);
        return server != null && coreLocation != null && server.toString().startsWith(coreLocation);
    }
}
