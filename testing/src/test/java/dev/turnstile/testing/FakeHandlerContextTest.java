package dev.turnstile.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeHandlerContextTest {

    /** Declares two settings, one with a default. */
    static final class GreetingHandler implements Handler {
        @Override
        public String url() {
            return "/greet";
        }

        @Override
        public List<Setting> settings() {
            return List.of(Setting.of("greet-word", "The greeting", "Hello"), Setting.of("greet-name", "Who", ""));
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    @TempDir
    Path tmp;

    @Test
    void theDataFolderIsCreatedAbsoluteAndIsTheHomeByDefault() {
        FakeHandlerContext context = FakeHandlerContext.in(tmp.resolve("data"));

        assertTrue(Files.isDirectory(context.dataDir()));
        assertTrue(context.dataDir().isAbsolute());
        assertEquals(context.dataDir(), context.home());
        assertEquals(tmp.resolve("install"), context.withHome(tmp.resolve("install")).home());
    }

    @Test
    void withoutDeclarationsAnyGivenKeyIsAnsweredFromTheMap() {
        FakeHandlerContext context = FakeHandlerContext.in(tmp).withSetting("anything", "x");

        assertEquals(Optional.of("x"), context.setting("anything"));
        assertEquals(Optional.empty(), context.setting("other"));
    }

    @Test
    void declaredByAnswersLikeTheServerWithDefaultsAndOnlyDeclaredKeys() {
        FakeHandlerContext context = FakeHandlerContext.in(tmp).declaredBy(new GreetingHandler())
                .withSetting("greet-name", "Ada");

        assertEquals(Optional.of("Hello"), context.setting("greet-word"));
        assertEquals(Optional.of("Ada"), context.setting("greet-name"));
        assertEquals(Optional.empty(), context.setting("data-dir"));
    }

    @Test
    void anEmptyDefaultIsNotSet() {
        FakeHandlerContext context = FakeHandlerContext.in(tmp).declaredBy(new GreetingHandler());

        assertEquals(Optional.empty(), context.setting("greet-name"));
    }

    @Test
    void anUndeclaredKeyIsRefusedWhicheverComesFirst() {
        IllegalArgumentException after = assertThrows(IllegalArgumentException.class,
                () -> FakeHandlerContext.in(tmp).declaredBy(new GreetingHandler()).withSetting("greet-wrod", "x"));
        assertThrows(IllegalArgumentException.class,
                () -> FakeHandlerContext.in(tmp).withSetting("greet-wrod", "x").declaredBy(new GreetingHandler()));

        assertEquals("the handler declares no setting \"greet-wrod\"; it declares [greet-word, greet-name]",
                after.getMessage());
    }

    @Test
    void inTempFolderMakesAFreshFolder() throws Exception {
        Path folder = FakeHandlerContext.inTempFolder().dataDir();
        try {
            assertTrue(Files.isDirectory(folder));
        } finally {
            Files.delete(folder);
        }
    }
}
