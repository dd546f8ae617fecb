package dev.turnstile.plugin;

import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The plugins folder: its jars in a stable order, and the short name error messages give them.
 */
final class PluginFolder {

    private final Path folder;

    /**
     * @param folder the plugins folder as configured
     */
    PluginFolder(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /**
     * @return every regular file ending in {@code .jar}, sorted by file name
     * @throws StartupException when the folder does not exist, is not a folder or cannot be listed
     */
    List<Path> jars() throws StartupException {
        if (!Files.isDirectory(folder)) {
            // A mistyped --plugins must not quietly start a server without its plugins.
            throw new StartupException("plugins folder " + folder
                    + " does not exist; create it or point --plugins at the folder holding your plugin jars");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().endsWith(".jar"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new StartupException("plugins folder " + folder + " cannot be listed (" + e.getMessage()
                    + "); check its permissions");
        }
    }

    /**
     * @param jar a jar of this folder
     * @return how messages name it: the folder's name, a slash, and the jar's name as its routes
     *     show it ({@code plugins/x.jar}), so the user knows which folder to look in
     */
    String shownName(Path jar) {
        Path name = folder.getFileName();
        String jarName = SourceNames.ofJar(jar);
        return name == null ? jarName : name + "/" + jarName;
    }
}
