package dev.turnstile.plugin;

import dev.turnstile.route.Route;
import java.net.MalformedURLException;
import java.net.URL;

/**
 * Names the class path entry a resource came from, by {@link Route#sourceOf(URL)}: the jar's file
 * name, or {@code "class path"} for a folder of classes.
 */
final class SourceNames {

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
            return Route.CLASS_PATH;
        }
        try {
            return Route.sourceOf(new URL(text.substring("jar:".length(), bang)));
        } catch (MalformedURLException e) {
            return Route.CLASS_PATH;
        }
    }

    /**
     * @param jar a jar file
     * @return its name as routes show it
     */
    static String ofJar(java.nio.file.Path jar) {
        try {
            return Route.sourceOf(jar.toUri().toURL());
        } catch (MalformedURLException e) {
            return jar.getFileName().toString();
        }
    }
}
