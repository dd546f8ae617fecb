package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.FakePluginContext;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.Requests;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests: the plugin started and its handler called directly, with turnstile-testing's fakes; no socket. */
class ${handlerClass}Test {

    @TempDir
    Path dataDir;

    private final ${pluginClass} plugin = new ${pluginClass}();
    private final FakeSession session = new FakeSession();

    /** The plugin's one handler, started as the server starts it, with the settings given. */
    private Handler started(FakePluginContext context) throws Exception {
        return plugin.start(context.declaredBy(plugin)).get(0);
    }

    @Test
    void aNameIsGreetedWithTheDefaultWord() throws Exception {
        Handler handler = started(FakePluginContext.in(dataDir));

        Response response = handler.handle(Requests.of("/${route}").with("name", "Ada").build(), session);

        assertEquals(Response.ok("greeting", "Hello, Ada"), response);
    }

    @Test
    void theGreetingWordComesFromItsSetting() throws Exception {
        Handler handler = started(FakePluginContext.in(dataDir).withSetting("${route}-greeting", "Hi"));

        Response response = handler.handle(Requests.of("/${route}").with("name", "Ada").build(), session);

        assertEquals(Response.ok("greeting", "Hi, Ada"), response);
    }

    @Test
    void aMissingNameIsAnswered400() {
        HandlerException error = assertThrows(HandlerException.class,
                () -> new ${handlerClass}("Hello").handle(Requests.of("/${route}").build(), session));

        assertEquals(400, error.code());
        assertEquals("\"name\" is required", error.getMessage());
    }

    @Test
    void aBlankNameIsAnswered400() {
        HandlerException error = assertThrows(HandlerException.class,
                () -> new ${handlerClass}("Hello").handle(Requests.of("/${route}").with("name", " ").build(), session));

        assertEquals(400, error.code());
    }

    @Test
    void theServicesFileListsThePluginAsTheServerFindsIt() {
        List<Plugin> found = ServiceLoader.load(Plugin.class).stream()
                .filter(provider -> provider.type() == ${pluginClass}.class)
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, found.size());
    }
}
