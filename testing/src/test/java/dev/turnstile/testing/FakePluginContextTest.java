package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakePluginContextTest {

    static final Setting<String> WORD = Setting.text("greet-word", "The greeting", "Hello");
    static final Setting<String> NAME = Setting.text("greet-name", "Who", "");
    static final Setting<Duration> PAUSE = Setting.duration("greet-pause", "How long first", "1s", Duration.ZERO,
            Duration.ofMinutes(1));
    static final Setting<Path> FOLDER = Setting.path("greet-folder", "Where", "cards");

    /** Declares four settings, two with a default. */
    static final class GreetingPlugin implements Plugin {
        @Override
        public List<Setting<?>> settings() {
            return List.of(WORD, NAME, PAUSE, FOLDER);
        }

        @Override
        public List<Handler> start(PluginContext context) {
            return List.of();
        }
    }

    @TempDir
    Path tmp;

    @Test
    void theAttachmentLimitIsTheServersDefaultUnlessTheTestSetsOne() {
        FakePluginContext context = FakePluginContext.in(tmp);

        assertEquals(16L * 1024 * 1024, context.maxAttachmentBytes());
        assertEquals(1000, context.withMaxAttachmentBytes(1000).maxAttachmentBytes());
        assertThrows(IllegalArgumentException.class, () -> context.withMaxAttachmentBytes(-1));
    }

    @Test
    void theDataFolderIsCreatedAbsoluteAndIsTheHomeByDefault() {
        FakePluginContext context = FakePluginContext.in(tmp.resolve("data"));

        assertTrue(Files.isDirectory(context.dataDir()));
        assertTrue(context.dataDir().isAbsolute());
        assertEquals(context.dataDir(), context.home());
        assertEquals(tmp.resolve("install"), context.withHome(tmp.resolve("install")).home());
    }

    @Test
    void valuesAreReadAsTheServerReadsThemWithDefaultsAndPathsResolvedAgainstTheHome() {
        FakePluginContext context = FakePluginContext.in(tmp).withHome(tmp.resolve("install"))
                .withSetting("greet-pause", "250ms");

        assertEquals(Duration.ofMillis(250), context.get(PAUSE));
        assertEquals("Hello", context.get(WORD));
        assertEquals(Optional.empty(), context.find(NAME), "an empty default is not set");
        assertEquals(tmp.resolve("install/cards"), context.get(FOLDER));
    }

    @Test
    void aValueTheServerWouldRefuseIsRefusedSayingWhatItAccepts() {
        FakePluginContext context = FakePluginContext.in(tmp).withSetting("greet-pause", "soon");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> context.get(PAUSE));
        assertTrue(e.getMessage().startsWith("invalid --greet-pause 'soon': expected whole seconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> FakePluginContext.in(tmp).declaredBy(new GreetingPlugin()).withSetting("greet-pause", "2h"));
    }

    @Test
    void declaredByAnswersLikeTheServerOnlyForDeclaredSettings() {
        FakePluginContext context = FakePluginContext.in(tmp).declaredBy(new GreetingPlugin())
                .withSetting("greet-name", "Ada");

        assertEquals("Ada", context.get(NAME));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> context.find(Setting.text("greet-colour", "Colour", "red")));
        assertEquals("the plugin did not declare setting \"greet-colour\"; it declares [greet-word, greet-name,"
                + " greet-pause, greet-folder]", e.getMessage());
    }

    @Test
    void anUndeclaredKeyIsRefusedWhicheverComesFirst() {
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> FakePluginContext.in(tmp).declaredBy(new GreetingPlugin()).withSetting("greet-wrod", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> FakePluginContext.in(tmp).withSetting("greet-wrod", "x").declaredBy(new GreetingPlugin()));

        assertEquals("the plugin declares no setting \"greet-wrod\"; it declares [greet-word, greet-name, greet-pause,"
                + " greet-folder]", after.getMessage());
    }

    @Test
    void theTimerIsAManualOneUnlessAnotherIsGiven() {
        FakePluginContext context = FakePluginContext.in(tmp);
        assertSame(context.manualTimer(), context.timer());

        ManualTimer shared = new ManualTimer();
        assertSame(shared, context.withTimer(shared).timer());
    }
}
