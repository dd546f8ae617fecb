package dev.turnstile.route;

import dev.turnstile.spi.Handler;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Objects;

/**
 * One entry of the route table: a handler, the plugin that started it and the jar they came from.
 *
 * @param handler the handler serving {@code handler.url()}
 * @param plugin the plugin whose {@code start} returned it
 */
public record Route(Handler handler, LoadedPlugin plugin) {

    public Route {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(plugin, "plugin");
    }

    /** The source of classes that were loaded from a folder rather than a jar. */
    public static final String CLASS_PATH = "class path";

    /**
     * @param type a class
     * @return the file name of the jar it was loaded from, or {@code "class path"} when it came from a folder
     */
    public static String sourceOf(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        return sourceOf(code == null ? null : code.getLocation());
    }

    /**
     * The one way Turnstile names where a handler came from: routes, {@code /routes}, {@code --check}
     * and the plugin loader's messages (which put the plugins folder's name before it) all use it.
     *
     * @param location a class path entry, such as {@code file:/opt/turnstile/plugins/x.jar}
     * @return the jar's file name, or {@code "class path"} for a folder of classes or no location
     */
    public static String sourceOf(URL location) {
        if (location == null) {
            return CLASS_PATH;
        }
        try {
            Path path = Path.of(location.toURI());
            return Files.isDirectory(path) || path.getFileName() == null ? CLASS_PATH : path.getFileName().toString();
        } catch (URISyntaxException | IllegalArgumentException | FileSystemNotFoundException e) {
            // Not a local file (a custom protocol): the last segment of a jar's location.
            String text = location.getPath();
            return text.endsWith(".jar") ? text.substring(text.lastIndexOf('/') + 1) : CLASS_PATH;
        }
    }

    /** @return the jar file name the plugin came from, or {@code "class path"} */
    public String source() {
        return plugin.source();
    }

    /** @return how messages name the route: its handler's class and its jar */
    public String describe() {
        return handler.getClass().getName() + " (" + source() + ")";
    }

    /** @return the url this route serves */
    public String url() {
        return handler.url();
    }

    /** @return whether requests to this route must carry the token */
    public boolean needsToken() {
        return handler.needsToken();
    }
}
