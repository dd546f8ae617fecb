package dev.turnstile.plugin;

import java.net.URL;
import java.util.List;
import java.util.Map;
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
 * {@code dev.turnstile.sample}. Each refusal names the artifact that brought the copy, so that the
 * start-up error can say which dependency to make {@code provided}.
 */
final class BundledClasses {

    /** Shared packages (none is inside another), and the artifact a plugin gets each from. */
    private static final Map<String, String> SHARED = Map.of(
            "org/slf4j/", "slf4j-api",
            "jakarta/json/", "jakarta.json-api",
            "dev/turnstile/spi/", "turnstile-spi");
    private static final String TURNSTILE = "dev/turnstile/";
    private static final String CORE = "turnstile-core";
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/\\d+/");
    /** A class of turnstile-core itself (the SPI lives in its own jar): where core's classes are. */
    private static final String MARKER = BundledClasses.class.getName().replace('.', '/') + ".class";

    /**
     * A class file a plugin jar must not carry.
     *
     * @param entry the jar entry, such as {@code org/slf4j/Logger.class}
     * @param artifact the artifact it comes from, such as {@code slf4j-api}
     */
    record Copy(String entry, String artifact) {
    }

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
     * @return the first entry that must not be in a plugin jar, with the artifact it comes from
     */
    Optional<Copy> first(List<String> entryNames) {
        return entryNames.stream().map(this::copy).flatMap(Optional::stream).findFirst();
    }

    private Optional<Copy> copy(String entryName) {
        String name = VERSIONED.matcher(entryName).replaceFirst("");
        if (!name.endsWith(".class")) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> shared : SHARED.entrySet()) {
            if (name.startsWith(shared.getKey())) {
                return Optional.of(new Copy(entryName, shared.getValue()));
            }
        }
        return name.startsWith(TURNSTILE) && isCoreClass(name) ? Optional.of(new Copy(entryName, CORE)) : Optional.empty();
    }

    private boolean isCoreClass(String name) {
        URL server = parent.getResource(name);
        return server != null && coreLocation != null && server.toString().startsWith(coreLocation);
    }
}
