package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.HandlerException;
import org.junit.jupiter.api.Test;

/** A refused path member is a 400 with the model's sentence (its rules: turnstile-files-model). */
class RequestPathsTest {

    @Test
    void aRefusedPathIsA400NamingItWithControlCharactersEscaped() {
        HandlerException error = assertThrows(HandlerException.class, () -> RequestPaths.parse("path", "/a\n/../b"));

        assertEquals(400, error.code());
        assertEquals("path \"/a\\u000a/../b\" must not hold control characters", error.getMessage());
    }

    @Test
    void aPathThatIsNotAStringIsA400() {
        HandlerException error = assertThrows(HandlerException.class, () -> RequestPaths.parse("path", 12L));

        assertEquals(400, error.code());
        assertEquals("\"path\" must be a string such as \"/a.txt\"", error.getMessage());
    }

    @Test
    void aValidPathIsParsed() throws HandlerException {
        assertEquals("/docs/b.md", RequestPaths.parse("path", "/docs/b.md").text());
    }
}
