package dev.turnstile.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Opens the class loader of one plugin jar; tests substitute one that records closing. */
@FunctionalInterface
interface PluginClassLoaders {

    /** One {@link URLClassLoader} over the jar, delegating to the server's loader first. */
    PluginClassLoaders STANDARD = (jar, parent) ->
            new URLClassLoader("plugin " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);

    /**
     * @param jar the plugin jar
     * @param parent the server's class loader
     * @return a new loader over the jar alone
     * @throws IOException when the jar's location cannot be expressed as a URL
     */
    URLClassLoader open(Path jar, ClassLoader parent) throws IOException;
}
