package dev.turnstile.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginFolderTest {

    @TempDir
    Path tmp;

    @Test
    void onlyRegularJarFilesAreListedSortedByName() throws Exception {
        Path plugins = Files.createDirectory(tmp.resolve("plugins"));
        for (String name : List.of("b.jar", "a.jar", "A.jar", "notes.txt", "c.jar.old")) {
            Files.writeString(plugins.resolve(name), "");
        }
        Files.createDirectory(plugins.resolve("d.jar"));

        List<Path> jars = new PluginFolder(plugins).jars();

        assertEquals(List.of("A.jar", "a.jar", "b.jar"), jars.stream().map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void aJarIsShownAsTheFolderNameSlashTheJarName() throws Exception {
        Path plugins = Files.createDirectories(tmp.resolve("install/plugins"));
        PluginFolder folder = new PluginFolder(tmp.resolve("install/./plugins"));

        assertEquals("plugins/x.jar", folder.shownName(plugins.resolve("x.jar")));
    }
}
