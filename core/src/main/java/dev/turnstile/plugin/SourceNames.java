package dev.turnstile.plugin;

import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names the class path entry a resource came from the way routes show it: the jar's file name,
 * or {@code "class path"} for a folder of classes.
 */
final class SourceNames {

    /** The source of classes that were loaded from a folder rather than a jar. */
    static final String CLASS_PATH = "class path";

    private SourceNames() {
    }

    /**
     * @param resource a resource URL such as {@code jar:file:/lib/x.jar!/META-INF/services/...}
     * @return the file name of the jar holding it, or {@code "class path"}
     */
    static String ofResource(URL resource) {
        String text = resource.toString();
        int bang = text.indexOf("!/");
        if (!text.startsWith("jar:") || bang < 0) {
            return CLASS_PATH;
        }
        try {
            return ofLocation(new URL(text.substring("jar:".length(), bang)));
        } catch (MalformedURLException e) {
            return CLASS_PATH;
        }
    }

    private static String ofLocation(URL location) {
        try {
            Path path = Path.of(location.toURI());
            return Files.isRegularFile(path) ? path.getFileName().toString() : CLASS_PATH;
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // Not a local file (a custom protocol); show the last segment of the location.
            String text = location.getPath();
            return text.endsWith(".jar") ? text.substring(text.lastIndexOf('/') + 1) : CLASS_PATH;
        }
    }
}
