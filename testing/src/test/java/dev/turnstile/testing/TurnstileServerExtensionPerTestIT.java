package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.startup.StartupException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension on an instance field, and driven by hand for what a test class cannot show. */
class TurnstileServerExtensionPerTestIT {

    final KitHandlers.Shouting shout = new KitHandlers.Shouting();

    @RegisterExtension
    final TurnstileServerExtension turnstile = TurnstileServerExtension.serving(shout);

    @Test
    void onAnInstanceFieldEachTestHasAServerOfItsOwn() {
        assertEquals(1, shout.starts.get());
        assertEquals(0, shout.stops.get());
    }

    @Test
    void theServerIsStoppedAndItsDataFolderDeletedAfterwards() throws Exception {
        KitHandlers.Shouting plugin = new KitHandlers.Shouting();
        TurnstileServerExtension extension = TurnstileServerExtension.serving(plugin);

        extension.beforeAll(null);
        Path data = extension.dataDir();
        extension.afterAll(null);

        assertEquals(1, plugin.stops.get());
        assertFalse(Files.exists(data));
        assertThrows(IllegalStateException.class, extension::address);
    }

    @Test
    void aPluginThatCannotStartFailsWithItsMessage() {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(new KitHandlers.Broken());

        StartupException failure = assertThrows(StartupException.class, () -> extension.beforeAll(null));

        assertTrue(failure.getMessage().contains("the broken folder is not writable"), failure.getMessage());
    }

    @Test
    void aHandlerThatServesLoginReplacesTheBuiltInOneAndTheClientIsNotLoggedIn() throws Exception {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(new KitHandlers.OwnLogin(),
                new KitHandlers.Shout());
        servedBy(extension, client -> {
            assertEquals("mine", client.login("it"));
            assertEquals(200L, client.call("/shout", Map.of("text", "x")).get("code"));
        });
    }

    @Test
    void aPluginThatServesLoginIsToldToSaySoAndThenReplacesTheBuiltInOne() throws Exception {
        StartupException failure = assertThrows(StartupException.class,
                () -> TurnstileServerExtension.serving(new KitHandlers.OwnLoginPlugin()).beforeAll(null));
        assertTrue(failure.getMessage().endsWith("register the extension with withOwnLogin()"), failure.getMessage());

        TurnstileServerExtension extension = TurnstileServerExtension.serving(new KitHandlers.OwnLoginPlugin())
                .alsoServing(new KitHandlers.Shout()).withOwnLogin();
        servedBy(extension, client -> {
            assertEquals("mine", client.login("it"));
            assertEquals(200L, client.call("/shout", Map.of("text", "x")).get("code"));
        });
    }

    @Test
    void withConfigChangesTheServersConfiguration() throws Exception {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(shout)
                .withConfig(config -> config.withMaxRequestBytes(64));
        servedBy(extension, client -> {
            client.login("it");
            assertEquals(413L, client.call("/shout", Map.of("text", "x".repeat(100))).get("code"));
        });
    }

    @Test
    void aSettingReachesThePluginThatDeclaresItAndALaterAnswerComesOnTheServersTimer() throws Exception {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(new KitHandlers.Greeting())
                .withSetting("greeting-word", "Hi").withSetting("greeting-pause", "1ms");
        servedBy(extension, client -> {
            client.login("it");
            assertEquals("Hi", client.call("/greeting").get("word"));
        });
    }

    @Test
    void aSettingNoPluginDeclaresOrABadValueStopsTheServerFromStarting() {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(new KitHandlers.Greeting())
                .withSetting("greeting-colour", "red");

        Exception failure = assertThrows(Exception.class, () -> extension.beforeAll(null));
        assertTrue(failure.getMessage().contains("greeting-colour"), failure.getMessage());

        failure = assertThrows(Exception.class, () -> TurnstileServerExtension.serving(new KitHandlers.Greeting())
                .withSetting("greeting-pause", "soon").beforeAll(null));
        assertTrue(failure.getMessage().startsWith("invalid --greeting-pause 'soon': expected whole seconds"),
                failure.getMessage());
    }

    @Test
    void theClientExistsOnlyWhileATestRuns() {
        TurnstileServerExtension extension = TurnstileServerExtension.serving(shout);

        assertThrows(IllegalStateException.class, extension::client);
    }

    /** What one test of the client does. */
    private interface ClientUse {
        void with(TurnstileTestClient client) throws Exception;
    }

    /** Starts the extension's server by hand, connects a client, runs the use, then stops the server. */
    private static void servedBy(TurnstileServerExtension extension, ClientUse use) throws Exception {
        extension.beforeAll(null);
        try (TurnstileTestClient client = extension.connect()) {
            use.with(client);
        } finally {
            extension.afterAll(null);
        }
    }
}
