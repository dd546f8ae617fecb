package dev.turnstile.plugin;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Opens plugin class loaders that remember whether they were closed. */
final class RecordingClassLoaders implements PluginClassLoaders {

    /** A plugin class loader that records its closing. */
    static final class Recorded extends URLClassLoader {

        private boolean closed;

        Recorded(Path jar, ClassLoader parent) throws IOException {
            super("recorded " + jar.getFileName(), new URL[] {jar.toUri().toURL()}, parent);
        }

        @Override
        public void close() throws IOException {
            closed = true;
            super.close();
        }

        boolean closed() {
            return closed;
        }
    }

    private final List<Recorded> opened = new ArrayList<>();

    @Override
    public URLClassLoader open(Path jar, ClassLoader parent) throws IOException {
        Recorded loader = new Recorded(jar, parent);
        opened.add(loader);
        return loader;
    }

    List<Recorded> opened() {
        return opened;
    }
}
