package dev.turnstile.plugin;

import static dev.turnstile.plugin.PluginJarBuilder.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.route.RouteTable;
import dev.turnstile.server.PluginSettings;
import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a plugin jar can be broken ends start-up with one line naming the jar and the class. */
class BrokenPluginTest {

    private static final String FOO = "com.example.Foo";

    @TempDir
    Path tmp;

    private Path plugins;

    @BeforeEach
    void createPluginsFolderWithAWorkingLogin() throws Exception {
        plugins = Files.createDirectory(tmp.resolve("plugins"));
        plugin().tokenFreeHandler("com.example.Login", "/login").write(plugins.resolve("auth.jar"));
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Files.writeString(plugins.resolve("broken.jar"), "this is not a zip file\n");

        String message = failure();

        assertTrue(message.startsWith("plugin jar plugins/broken.jar cannot be opened as a jar ("), message);
        assertTrue(message.endsWith("); remove it or replace it with a real jar"), message);
    }

    @Test
    void anEmptyFileNamedJarIsRefused() throws Exception {
        Files.write(plugins.resolve("empty.jar"), new byte[0]);

        assertTrue(failure().startsWith("plugin jar plugins/empty.jar cannot be opened as a jar ("));
    }

    @Test
    void aListedClassThatIsNotInTheJarIsRefused() throws Exception {
        plugin().service(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar lists handler com.example.Foo in"
                + " META-INF/services/dev.turnstile.spi.Handler, but the class is not in the jar", failure());
    }

    @Test
    void aListedClassThatIsNotAHandlerIsRefused() throws Exception {
        plugin().source(FOO, "package com.example; public class Foo {}").service(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo does not implement dev.turnstile.spi.Handler",
                failure());
    }

    @Test
    void aHandlerWithoutAPublicNoArgumentConstructorIsRefused() throws Exception {
        plugin().source(FOO, handlerSource("public Foo(String name) {}")).service(FOO)
                .write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo has no public no-argument constructor", failure());
    }

    @Test
    void aHandlerClassThatIsNotPublicIsRefusedAsHavingNoPublicConstructor() throws Exception {
        plugin().source(FOO, handlerSource("public Foo() {}").replace("public class Foo", "class Foo"))
                .service(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo has no public no-argument constructor", failure());
    }

    @Test
    void aHandlerWhoseConstructorThrowsIsRefusedWithTheException() throws Exception {
        plugin().source(FOO, handlerSource("public Foo() { throw new IllegalStateException(\"no config\"); }"))
                .service(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo could not be constructed:"
                + " IllegalStateException: no config", failure());
    }

    @Test
    void aHandlerWhoseStaticInitializerThrowsIsRefusedWithTheUnderlyingException() throws Exception {
        plugin().source(FOO, handlerSource("static { if (true) throw new IllegalArgumentException(\"bad\"); }"))
                .service(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo could not be constructed:"
                + " IllegalArgumentException: bad", failure());
    }

    @Test
    void aHandlerCompiledForANewerJavaIsRefusedWithItsClassFileVersion() throws Exception {
        plugin().source(FOO, handlerSource("")).service(FOO).classFileVersion(99).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo was compiled for a newer Java (class file version 99);"
                + " this server runs Java " + Runtime.version().feature(), failure());
    }

    @Test
    void aHandlerWhoseSuperclassIsMissingIsRefusedNamingTheMissingClass() throws Exception {
        plugin().source("com.example.Base", "package com.example; public abstract class Base"
                        + " implements dev.turnstile.spi.Handler {}")
                .source(FOO, handlerSource("").replace("implements Handler", "extends Base"))
                .service(FOO).omit("com.example.Base").write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo needs class com.example.Base, which is neither in"
                + " the jar nor on the server's class path", failure());
    }

    @Test
    void aHandlerWhoseConstructorNeedsAMissingClassIsRefusedNamingTheMissingClass() throws Exception {
        plugin().source("com.example.Helper", "package com.example; public class Helper {}")
                .source(FOO, handlerSource("public Foo() { new Helper(); }"))
                .service(FOO).omit("com.example.Helper").write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo needs class com.example.Helper, which is neither in"
                + " the jar nor on the server's class path", failure());
    }

    @Test
    void theFailingClassIsNamedWhenAnEarlierListedHandlerOfTheSameJarLoaded() throws Exception {
        plugin().handler("com.example.Good", "/good")
                .source("com.example.Base", "package com.example; public abstract class Base"
                        + " implements dev.turnstile.spi.Handler {}")
                .source(FOO, handlerSource("").replace("implements Handler", "extends Base"))
                .service(FOO).omit("com.example.Base").write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo needs class com.example.Base, which is neither in"
                + " the jar nor on the server's class path", failure());
    }

    @Test
    void aJarBundlingTheHandlerInterfaceIsRefused() throws Exception {
        plugin().handler(FOO, "/foo").entry("dev/turnstile/spi/Handler.class", handlerClassFile())
                .write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar bundles its own copy of dev/turnstile/spi/Handler.class;"
                + " build it with turnstile-spi as a provided dependency", failure());
    }

    @Test
    void aJarBundlingLoggingOrJsonClassesIsRefusedNamingTheFirstEntry() throws Exception {
        plugin().handler(FOO, "/foo")
                .entry("org/slf4j/Logger.class", new byte[] {1})
                .entry("jakarta/json/Json.class", new byte[] {1})
                .write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar bundles its own copy of org/slf4j/Logger.class;"
                + " build it with slf4j-api as a provided dependency", failure());
    }

    @Test
    void aJarBundlingJsonClassesIsToldToMakeJakartaJsonApiProvided() throws Exception {
        plugin().handler(FOO, "/foo").entry("jakarta/json/Json.class", new byte[] {1})
                .write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar bundles its own copy of jakarta/json/Json.class;"
                + " build it with jakarta.json-api as a provided dependency", failure());
    }

    @Test
    void aJarBundlingACopyOfAnotherCoreClassIsRefused() throws Exception {
        plugin().handler(FOO, "/foo").entry("dev/turnstile/route/RouteTable.class", new byte[] {1})
                .write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar bundles its own copy of dev/turnstile/route/RouteTable.class;"
                + " build it with turnstile-core as a provided dependency", failure());
    }

    @Test
    void aPluginInASubPackageOfTurnstileIsAccepted() throws Exception {
        plugin().handler("dev.turnstile.example.Foo", "/foo").write(plugins.resolve("x.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals("x.jar", started(loaded).find("/foo").source());
        }
    }

    @Test
    void aListedClassThatTheServerLoadsFromItsClassPathIsRefusedNamingBoth() throws Exception {
        Path lib = Files.createDirectory(tmp.resolve("lib"));
        Path shared = plugin().source(FOO, handlerSource("")).write(lib.resolve("shared.jar"));
        plugin().source(FOO, handlerSource("")).service(FOO).write(plugins.resolve("x.jar"));

        StartupException failure = assertThrows(StartupException.class,
                () -> PluginLoader.load(plugins, IsolatedClassPath.of(shared)));

        assertEquals("plugin jar plugins/x.jar lists handler com.example.Foo in"
                + " META-INF/services/dev.turnstile.spi.Handler, but that class comes from the server's class path"
                + " (shared.jar), not from the jar; remove one of the two", failure.getMessage());
    }

    @Test
    void aBrokenHandlerOnTheClassPathIsRefusedNamingItsJar() throws Exception {
        Path lib = Files.createDirectory(tmp.resolve("lib"));
        Path broken = plugin().service(FOO).write(lib.resolve("broken-lib.jar"));

        StartupException failure = assertThrows(StartupException.class,
                () -> PluginLoader.load(plugins, IsolatedClassPath.of(broken)));

        assertEquals("class path entry broken-lib.jar lists handler com.example.Foo in"
                + " META-INF/services/dev.turnstile.spi.Handler, but the class is not in the server's class path",
                failure.getMessage());
    }

    @Test
    void everyPluginClassLoaderOpenedBeforeAFailureIsClosed() throws Exception {
        plugin().handler("com.example.Good", "/good").write(plugins.resolve("good.jar"));
        plugin().source(FOO, handlerSource("public Foo() { throw new IllegalStateException(); }")).service(FOO)
                .write(plugins.resolve("x.jar"));
        RecordingClassLoaders loaders = new RecordingClassLoaders();

        StartupException failure = assertThrows(StartupException.class,
                () -> PluginLoader.load(plugins, IsolatedClassPath.of(), loaders));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo could not be constructed: IllegalStateException",
                failure.getMessage());
        assertEquals(3, loaders.opened().size());
        assertTrue(loaders.opened().stream().allMatch(RecordingClassLoaders.Recorded::closed));
    }

    @Test
    void aFailureAfterABrokenFileLeavesTheJarReplaceable() throws Exception {
        Path broken = Files.writeString(plugins.resolve("broken.jar"), "not a jar");
        assertThrows(StartupException.class, () -> PluginLoader.load(plugins, IsolatedClassPath.of()));

        plugin().handler(FOO, "/foo").write(broken);

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            assertEquals("broken.jar", started(loaded).find("/foo").source());
        }
    }

    @Test
    void everyMessageIsOneLine() throws Exception {
        plugin().source(FOO, handlerSource("public Foo() { throw new IllegalStateException(\"two\\nlines\"); }"))
                .service(FOO).write(plugins.resolve("x.jar"));

        String message = failure();

        assertFalse(message.contains("\n"), message);
        assertTrue(message.endsWith("IllegalStateException: two lines"), message);
    }

    @Test
    void aListedPluginClassThatIsNotInTheJarIsRefused() throws Exception {
        plugin().pluginService(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar lists plugin com.example.Foo in"
                + " META-INF/services/dev.turnstile.spi.Plugin, but the class is not in the jar", failure());
    }

    @Test
    void aListedPluginClassThatIsNotAPluginIsRefused() throws Exception {
        plugin().source(FOO, handlerSource("")).pluginService(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo does not implement dev.turnstile.spi.Plugin", failure());
    }

    @Test
    void aPluginWithoutAPublicNoArgumentConstructorOrWhoseConstructorThrowsIsRefused() throws Exception {
        plugin().source(FOO, pluginSource("public Foo(int x) { }", "return List.of();")).pluginService(FOO)
                .write(plugins.resolve("x.jar"));
        assertEquals("plugin jar plugins/x.jar: com.example.Foo has no public no-argument constructor", failure());

        plugin().source(FOO, pluginSource("public Foo() { throw new IllegalStateException(\"no\"); }",
                "return List.of();")).pluginService(FOO).write(plugins.resolve("x.jar"));
        assertEquals("plugin jar plugins/x.jar: com.example.Foo could not be constructed: IllegalStateException: no",
                failure());
    }

    @Test
    void aPluginWhoseSettingsCannotBeListedIsRefusedNamingItsJar() throws Exception {
        plugin().source(FOO, pluginSource("public List<Setting<?>> settings() { throw new IllegalStateException(\"boom\"); }",
                "return List.of();")).pluginService(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin jar plugins/x.jar: com.example.Foo cannot list its settings: IllegalStateException: boom",
                failure());
    }

    @Test
    void aPluginWhoseStartThrowsIsNamedWithItsJarAndItsMessage() throws Exception {
        plugin().source(FOO, pluginSource("", "throw new java.io.IOException(\"share is not readable; fix it\");"))
                .pluginService(FOO).write(plugins.resolve("x.jar"));

        assertEquals("plugin com.example.Foo (x.jar) cannot start: share is not readable; fix it", startFailure());
    }

    @Test
    void aPluginThatReturnsNoHandlerOrANullOneIsNamedWithItsJar() throws Exception {
        plugin().source(FOO, pluginSource("", "return null;")).pluginService(FOO).write(plugins.resolve("x.jar"));
        assertEquals("plugin com.example.Foo (x.jar) returned no handler from start; it must return at least one"
                + " handler", startFailure());

        plugin().source(FOO, pluginSource("", "return java.util.Arrays.asList((Handler) null);")).pluginService(FOO)
                .write(plugins.resolve("x.jar"));
        assertEquals("plugin com.example.Foo (x.jar) returned a null handler from start; it must return at least one"
                + " handler", startFailure());
    }

    @Test
    void twoPluginJarsDeclaringOneSettingKeyAreRefusedNamingBothPluginsAndJars() throws Exception {
        String declares = "public List<Setting<?>> settings() { return List.of(Setting.text(\"shared-key\", \"A\", \"\")); }";
        plugin().source(FOO, pluginSource(declares, "return List.of();")).pluginService(FOO).write(plugins.resolve("x.jar"));
        plugin().source("com.example.Bar", pluginSource(declares, "return List.of();").replace("Foo", "Bar"))
                .pluginService("com.example.Bar").write(plugins.resolve("y.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            StartupException e = assertThrows(StartupException.class, () -> PluginSettings.of(loaded.list()));
            assertEquals("setting \"shared-key\" is declared twice: by plugin com.example.Foo (x.jar) and by plugin"
                    + " com.example.Bar (y.jar); remove one of the two jars", e.getMessage());
        }
    }

    @Test
    void aPluginDeclaringACoreSettingsKeyIsRefused() throws Exception {
        plugin().source(FOO, pluginSource("public List<Setting<?>> settings() { return List.of(Setting.bool(\"busy\","
                + " \"Mine\", true)); }", "return List.of();")).pluginService(FOO).write(plugins.resolve("x.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            StartupException e = assertThrows(StartupException.class, () -> PluginSettings.of(loaded.list()));
            assertEquals("plugin com.example.Foo (x.jar) declares setting \"busy\", which is a server setting;"
                    + " the plugin must use another key", e.getMessage());
        }
    }

    private String failure() {
        return assertThrows(StartupException.class,
                () -> PluginLoader.load(plugins, IsolatedClassPath.of()).close()).getMessage();
    }

    /** Loads the jars, then starts their plugins as a server would: the message of what fails there. */
    private String startFailure() throws StartupException {
        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of())) {
            return assertThrows(StartupException.class, () -> started(loaded)).getMessage();
        }
    }

    private static RouteTable started(LoadedPlugins loaded) throws StartupException {
        return RouteTable.start(loaded.list(), plugin -> null);
    }

    /** A plugin class {@code com.example.Foo} with the given extra members and the given body of {@code start}. */
    private static String pluginSource(String members, String startBody) {
        return "package com.example;\n"
                + "import dev.turnstile.spi.*;\n"
                + "import java.util.List;\n"
                + "public class Foo implements Plugin {\n"
                + "    " + members + "\n"
                + "    public List<Handler> start(PluginContext context) throws Exception { " + startBody + " }\n"
                + "}\n";
    }

    /** A handler class {@code com.example.Foo} with the given extra members. */
    private static String handlerSource(String members) {
        return "package com.example;\n"
                + "import dev.turnstile.spi.*;\n"
                + "public class Foo implements Handler {\n"
                + "    " + members + "\n"
                + "    public String url() { return \"/foo\"; }\n"
                + "    public Response handle(Request request, Session session) { return Response.ok(); }\n"
                + "}\n";
    }

    private static byte[] handlerClassFile() throws Exception {
        try (InputStream in = Handler.class.getResourceAsStream("Handler.class")) {
            return in.readAllBytes();
        }
    }
}
