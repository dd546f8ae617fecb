package dev.turnstile.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * A stand-in for the server's class loader: the test's own classes (turnstile-core included)
 * plus the given jars, with only those jars' plugin and handler services files visible, so that what a test
 * expects on "the class path" does not depend on what else the test class path holds.
 */
final class IsolatedClassPath extends URLClassLoader {

    private IsolatedClassPath(URL[] jars) {
        super("test class path", jars, IsolatedClassPath.class.getClassLoader());
    }

    static IsolatedClassPath of(Path... jars) {
        URL[] urls = new URL[jars.length];
        for (int i = 0; i < jars.length; i++) {
            try {
                urls[i] = jars[i].toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new IsolatedClassPath(urls);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isServices(name) ? findResources(name) : super.getResources(name);
    }

    @Override
    public URL getResource(String name) {
        return isServices(name) ? findResource(name) : super.getResource(name);
    }

    private static boolean isServices(String name) {
        return ProviderKind.PLUGIN.file().equals(name) || ProviderKind.HANDLER.file().equals(name);
    }
}
