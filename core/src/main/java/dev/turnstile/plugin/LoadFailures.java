package dev.turnstile.plugin;

import dev.turnstile.startup.StartupException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.util.ServiceConfigurationError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what went wrong while loading one plugin or handler class into the one-line start-up error
 * that names the jar, the class and what to fix.
 *
 * <p>{@link java.util.ServiceLoader} reports most problems as a {@link ServiceConfigurationError}
 * whose text names only the class, and lets {@link NoClassDefFoundError} and
 * {@link UnsupportedClassVersionError} escape unwrapped; the cause chain tells the cases apart.
 */
final class LoadFailures {

    private static final Pattern CLASS_FILE_VERSION = Pattern.compile("class file version (\\d+)");

    private LoadFailures() {
    }

    static StartupException notInContainer(Origin origin, ProviderKind kind, String className) {
        return new StartupException(origin.label() + " lists " + kind.noun() + " " + className + " in " + kind.file()
                + ", but the class is not in " + origin.container());
    }

    /** {@code ServiceLoader} can use only a public constructor of a public class. */
    static StartupException noPublicConstructor(Origin origin, String className) {
        return failure(origin, className, "has no public no-argument constructor");
    }

    /**
     * @param origin where the class was listed
     * @param kind the service it was listed as
     * @param className the class being loaded or constructed
     * @param error what {@code ServiceLoader} or the class's constructor threw
     * @param loader the loader the class was looked up in, to read its class file if need be
     * @return the start-up error, with {@code error} as its cause
     */
    static StartupException translate(Origin origin, ProviderKind kind, String className, Throwable error,
            ClassLoader loader) {
        StartupException translated = describe(origin, kind, className, error, loader);
        translated.initCause(error);
        return translated;
    }

    private static StartupException describe(Origin origin, ProviderKind kind, String className, Throwable error,
            ClassLoader loader) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UnsupportedClassVersionError newer) {
                return newerJava(origin, className, newer, loader);
            }
            if (t instanceof NoClassDefFoundError missing && isClassName(missing.getMessage())) {
                return new StartupException(origin.label() + ": " + className + " needs class "
                        + missing.getMessage().replace('/', '.') + ", which is " + origin.elsewhere());
            }
        }
        if (error instanceof ServiceConfigurationError configuration) {
            Throwable cause = configuration.getCause();
            String text = String.valueOf(configuration.getMessage());
            if (cause instanceof NoSuchMethodException) {
                return noPublicConstructor(origin, className);
            }
            if (text.endsWith(" not a subtype")) {
                return failure(origin, className, "does not implement " + kind.type().getName());
            }
            if (text.endsWith(" not found")) {
                return notInContainer(origin, kind, className);
            }
            if (cause != null) {
                return failure(origin, className, "could not be constructed: " + summary(unwrap(cause)));
            }
            return failure(origin, className, "could not be loaded: " + text);
        }
        if (error instanceof LinkageError) {
            return failure(origin, className, "could not be loaded: " + summary(error));
        }
        return failure(origin, className, "could not be constructed: " + summary(unwrap(error)));
    }

    private static StartupException newerJava(Origin origin, String className, UnsupportedClassVersionError error,
            ClassLoader loader) {
        String reported = String.valueOf(error.getMessage());
        // The JVM names the class it refused, which may be a superclass of the handler.
        String refused = reported.contains(" ") ? reported.substring(0, reported.indexOf(' ')).replace('/', '.') : "";
        String named = isClassName(refused) ? refused : className;
        Matcher version = CLASS_FILE_VERSION.matcher(reported);
        String fileVersion = version.find() ? version.group(1) : classFileVersion(loader, named);
        return failure(origin, named, "was compiled for a newer Java (class file version " + fileVersion
                + "); this server runs Java " + Runtime.version().feature());
    }

    /** Reads the major version from the class file's header: magic (4 bytes), minor (2), major (2). */
    private static String classFileVersion(ClassLoader loader, String className) {
        URL file = loader.getResource(className.replace('.', '/') + ".class");
        if (file == null) {
            return "unknown";
        }
        try (InputStream in = file.openStream(); DataInputStream data = new DataInputStream(in)) {
            data.readInt();
            data.readUnsignedShort();
            return Integer.toString(data.readUnsignedShort());
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable inner = error;
        while ((inner instanceof ExceptionInInitializerError || inner instanceof InvocationTargetException)
                && inner.getCause() != null) {
            inner = inner.getCause();
        }
        return inner;
    }

    private static String summary(Throwable error) {
        String name = error.getClass().getSimpleName();
        return error.getMessage() == null ? name : name + ": " + error.getMessage();
    }

    private static boolean isClassName(String text) {
        return text != null && !text.isEmpty() && text.chars().noneMatch(Character::isWhitespace);
    }

    private static StartupException failure(Origin origin, String className, String problem) {
        return new StartupException(origin.label() + ": " + className + " " + problem);
    }
}
