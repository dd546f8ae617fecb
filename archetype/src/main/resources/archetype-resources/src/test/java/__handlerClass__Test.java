package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Response;
import dev.turnstile.testing.FakeHandlerContext;
import dev.turnstile.testing.FakeSession;
import dev.turnstile.testing.Requests;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unit tests: the handler called directly, with turnstile-testing's fakes; no socket. */
class ${handlerClass}Test {

    @TempDir
    Path dataDir;

    private final ${handlerClass} handler = new ${handlerClass}();
    private final FakeSession session = new FakeSession();

    @Test
    void aNameIsGreetedWithTheDefaultWord() throws HandlerException {
        handler.start(FakeHandlerContext.in(dataDir).declaredBy(handler));

        Response response = handler.handle(Requests.of("/${route}").with("name", "Ada").build(), session);

        assertEquals(Response.ok("greeting", "Hello, Ada"), response);
    }

    @Test
    void theGreetingWordComesFromItsSetting() throws HandlerException {
        handler.start(FakeHandlerContext.in(dataDir).declaredBy(handler).withSetting("${route}-greeting", "Hi"));

        Response response = handler.handle(Requests.of("/${route}").with("name", "Ada").build(), session);

        assertEquals(Response.ok("greeting", "Hi, Ada"), response);
    }

    @Test
    void aMissingNameIsAnswered400() {
        HandlerException error = assertThrows(HandlerException.class,
                () -> handler.handle(Requests.of("/${route}").build(), session));

        assertEquals(400, error.code());
        assertEquals("\"name\" is required", error.getMessage());
    }

    @Test
    void aBlankNameIsAnswered400() {
        HandlerException error = assertThrows(HandlerException.class,
                () -> handler.handle(Requests.of("/${route}").with("name", " ").build(), session));

        assertEquals(400, error.code());
    }

    @Test
    void theServicesFileListsTheHandlerAsTheServerFindsIt() {
        List<Handler> found = ServiceLoader.load(Handler.class).stream()
                .filter(provider -> provider.type() == ${handlerClass}.class)
                .map(ServiceLoader.Provider::get)
                .toList();

        assertEquals(1, found.size());
        assertEquals("/${route}", found.get(0).url());
    }
}
