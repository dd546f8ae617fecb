package dev.turnstile.plugin;

import static dev.turnstile.plugin.PluginJarBuilder.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import java.net.URLClassLoader;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class PluginLoaderTest {

    @TempDir
    Path tmp;

    private Path plugins;

    @BeforeEach
    void createPluginsFolder() throws Exception {
        plugins = Files.createDirectory(tmp.resolve("plugins"));
    }

    @Test
    void goodJarIsLoadedAndItsRoutesCarryTheJarName() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login")
                .handler("com.example.Ping", "/ping")
                .write(plugins.resolve("example.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals(Map.of("/login", "example.jar", "/ping", "example.jar"), sources(started(loaded)));
            Route ping = started(loaded).find("/ping");
            assertTrue(ping.needsToken());
            assertFalse(started(loaded).find("/login").needsToken());
            Response answer = ping.handler().handle(new Request(Map.of("url", "/ping")), null);
            assertEquals(Map.of("class", "com.example.Ping"), answer.body());
        }
    }

    @Test
    void eachJarHasItsOwnClassLoaderWhoseParentIsTheServersLoader() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));
        plugin().handler("com.example.Ping", "/ping").write(plugins.resolve("sample.jar"));
        ClassLoader parent = IsolatedClassPath.of();

        try (LoadedPlugins loaded = PluginLoader.load(plugins, parent)) {
            ClassLoader login = started(loaded).find("/login").handler().getClass().getClassLoader();
            ClassLoader ping = started(loaded).find("/ping").handler().getClass().getClassLoader();
            assertFalse(login == ping, "the two jars share a class loader");
            assertTrue(login.getParent() == parent && ping.getParent() == parent);
        }
    }

    @Test
    void jarsAreLoadedInFileNameOrderWhateverTheOrderTheyWereWritten() throws Exception {
        plugin().tokenFreeHandler("com.example.Zulu", "/same").write(plugins.resolve("zulu.jar"));
        plugin().tokenFreeHandler("com.example.Alpha", "/same").write(plugins.resolve("alpha.jar"));

        StartupException failure = assertThrows(StartupException.class,
                () -> started(PluginLoader.load(plugins, IsolatedClassPath.of())));

        assertEquals("url \"/same\" is claimed twice: by com.example.Alpha (alpha.jar)"
                + " and by com.example.Zulu (zulu.jar); remove one of the two jars", failure.getMessage());
    }

    @Test
    void jarCopiedTwiceIsRefusedNamingBothJars() throws Exception {
        Path jar = plugin().tokenFreeHandler("com.example.Login", "/login")
                .write(plugins.resolve("turnstile-handlers-auth.jar"));
        Files.copy(jar, plugins.resolve("turnstile-handlers-auth-copy.jar"));

        StartupException failure = assertThrows(StartupException.class,
                () -> started(PluginLoader.load(plugins, IsolatedClassPath.of())));

        assertEquals("url \"/login\" is claimed twice: by com.example.Login (turnstile-handlers-auth-copy.jar)"
                + " and by com.example.Login (turnstile-handlers-auth.jar); remove one of the two jars",
                failure.getMessage());
    }

    @Test
    void classPathHandlersCarryTheirJarNameAndAreNotCountedAgainThroughAPluginJarsLoader() throws Exception {
        Path lib = Files.createDirectory(tmp.resolve("lib"));
        Path auth = plugin().tokenFreeHandler("com.example.Login", "/login")
                .write(lib.resolve("turnstile-handlers-auth.jar"));
        plugin().handler("com.example.Ping", "/ping").write(plugins.resolve("sample.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of(auth))) {
            assertEquals(Map.of("/login", "turnstile-handlers-auth.jar", "/ping", "sample.jar"),
                    sources(started(loaded)));
        }
    }

    @Test
    void handlersFromAFolderOnTheClassPathHaveTheSourceClassPath() throws Exception {
        Path lib = Files.createDirectory(tmp.resolve("lib"));
        Path auth = plugin().tokenFreeHandler("com.example.Login", "/login").write(lib.resolve("auth.jar"));
        Path classes = Files.createDirectory(tmp.resolve("classes"));
        try (FileSystem jar = FileSystems.newFileSystem(auth)) {
            for (String name : new String[] {"com/example/Login.class", ProviderKind.HANDLER.file()}) {
                Path target = classes.resolve(name);
                Files.createDirectories(target.getParent());
                Files.copy(jar.getPath(name), target);
            }
        }

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of(classes))) {
            assertEquals(Map.of("/login", "class path"), sources(started(loaded)));
        }
    }

    @Test
    void aJarListingNothingIsSkippedWithAWarningKeptForTheStartUpLog() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));
        plugin().source("com.example.Util", "package com.example; public class Util {}")
                .write(plugins.resolve("library.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals(Map.of("/login", "auth.jar"), sources(started(loaded)));
            assertEquals(List.of("plugin jar plugins/library.jar lists no plugin in META-INF/services/dev.turnstile.spi.Plugin"
                    + " and no handler in META-INF/services/dev.turnstile.spi.Handler; it serves nothing"),
                    loaded.warnings());
        }
    }

    @Test
    void filesThatAreNotJarsAreIgnored() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));
        Files.writeString(plugins.resolve("README.txt"), "not a plugin");
        Files.writeString(plugins.resolve("auth.jar.disabled"), "not a jar either");
        Files.createDirectory(plugins.resolve("folder.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals(Map.of("/login", "auth.jar"), sources(started(loaded)));
        }
    }

    @Test
    void closingTheLoadedPluginsClosesEveryPluginClassLoader() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));
        plugin().handler("com.example.Ping", "/ping").write(plugins.resolve("sample.jar"));
        RecordingClassLoaders loaders = new RecordingClassLoaders();

        LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of(), loaders);
        assertEquals(2, loaders.opened().size());
        assertFalse(loaders.opened().get(0).closed());
        loaded.close();
        loaded.close();

        assertTrue(loaders.opened().stream().allMatch(RecordingClassLoaders.Recorded::closed));
        URLClassLoader sample = loaders.opened().get(1);
        assertNull(sample.getResource("com/example/Ping.class"), "a closed loader still reads its jar");
    }

    @Test
    void everyRouteIsLoggedWithItsClassItsPluginItsSourceAndTokenNeed() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login")
                .handler("com.example.Ping", "/ping")
                .servingPlugin("com.example.Files", "com.example.Get", "/get")
                .write(plugins.resolve("example.jar"));
        Logger logger = (Logger) LoggerFactory.getLogger(RouteTable.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            started(loaded).logRoutes();
            List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertTrue(lines.contains("route /login -> com.example.Login (example.jar), token not needed"), lines::toString);
            assertTrue(lines.contains("route /ping -> com.example.Ping (example.jar), token needed"), lines::toString);
            assertTrue(lines.contains("route /get -> com.example.Get (example.jar, plugin com.example.Files), token needed"),
                    lines::toString);
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
    }

    @Test
    void aPluginIsFoundBeforeTheLoneHandlersOfItsJarAndItsHandlersCarryItAndTheJar() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login")
                .servingPlugin("com.example.Files", "com.example.Get", "/get")
                .write(plugins.resolve("example.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals(List.of("com.example.Files", "com.example.Login"),
                    loaded.list().stream().map(LoadedPlugin::name).toList());
            RouteTable table = started(loaded);
            assertEquals("com.example.Files", table.find("/get").plugin().name());
            assertEquals("example.jar", table.find("/get").source());
            Response answer = table.find("/get").handler().handle(new Request(Map.of("url", "/get")), null);
            assertEquals(Map.of("class", "com.example.Get", "plugin", "com.example.Files"), answer.body());
        }
    }

    @Test
    void anEmptyPluginsFolderWithNoTokenFreeHandlerFailsWhenThePluginsStart() throws Exception {
        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            StartupException failure = assertThrows(StartupException.class, () -> started(loaded));

            assertEquals("no handler answers without a token, so no client could ever log in;"
                    + " put a plugin with a login handler (such as the auth plugin) in the plugins folder",
                    failure.getMessage());
        }
    }

    @Test
    void aMissingPluginsFolderFails() {
        Path missing = tmp.resolve("plugns");

        StartupException failure = assertThrows(StartupException.class,
                () -> PluginLoader.load(missing, IsolatedClassPath.of()));

        assertEquals("plugins folder " + missing.toAbsolutePath() + " does not exist; create it or point --plugins"
                + " at the folder holding your plugin jars", failure.getMessage());
    }

    @Test
    void aPluginsFolderThatIsAFileFails() throws Exception {
        Path file = Files.writeString(tmp.resolve("plugins.txt"), "");

        StartupException failure = assertThrows(StartupException.class,
                () -> PluginLoader.load(file, IsolatedClassPath.of()));

        assertTrue(failure.getMessage().startsWith("plugins folder " + file.toAbsolutePath() + " does not exist;"),
                failure.getMessage());
    }

    @Test
    void theHandlerInterfaceIsTheServersOwn() throws Exception {
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertInstanceOf(Handler.class, started(loaded).find("/login").handler());
        }
    }

    /** Starts the loaded plugins as a server would, with no context: lone handlers and these test plugins need none. */
    private static RouteTable started(LoadedPlugins loaded) throws StartupException {
        return RouteTable.start(loaded.list(), plugin -> null);
    }

    /** The built-in {@code /routes} that core adds is left out: these tests are about plugins. */
    private static Map<String, String> sources(RouteTable table) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Route route : table.routes()) {
            if (!route.url().equals("/routes") && !route.url().equals("/stats")) {
                sources.put(route.url(), route.source());
            }
        }
        return sources;
    }
}
