package dev.turnstile.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.HandlerException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused form of a request path, as a table, with the whole message. */
class SharePathTest {

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("", "path \"\" is empty"),
                Arguments.of("a.txt", "path \"a.txt\" must start with \"/\""),
                Arguments.of("/", "path \"/\" must name a file, not end with \"/\""),
                Arguments.of("/docs/", "path \"/docs/\" must name a file, not end with \"/\""),
                Arguments.of("//a.txt", "path \"//a.txt\" must not hold an empty segment (\"//\")"),
                Arguments.of("/docs//a.txt", "path \"/docs//a.txt\" must not hold an empty segment (\"//\")"),
                Arguments.of("/./a.txt", "path \"/./a.txt\" must not hold a \".\" segment"),
                Arguments.of("/docs/.", "path \"/docs/.\" must not hold a \".\" segment"),
                Arguments.of("/../etc/passwd", "path \"/../etc/passwd\" must not hold a \"..\" segment"),
                Arguments.of("/docs/../../x", "path \"/docs/../../x\" must not hold a \"..\" segment"),
                Arguments.of("/docs\\a.txt", "path \"/docs\\a.txt\" must not hold a backslash"),
                Arguments.of("/a\u0000.txt", "path \"/a\\u0000.txt\" must not hold NUL"),
                Arguments.of("/a\n.txt", "path \"/a\\u000a.txt\" must not hold control characters"),
                Arguments.of("/a\u007f", "path \"/a\\u007f\" must not hold control characters"),
                Arguments.of("/a\u0085", "path \"/a\\u0085\" must not hold control characters"),
                Arguments.of("/a\ud800", "path \"/a\ud800\" is not valid Unicode"),
                Arguments.of("/" + "n".repeat(256), "path \"/" + "n".repeat(256) + "\" holds a name longer than 255 bytes"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void aRefusedPathIsA400NamingIt(String path, String message) {
        HandlerException error = assertThrows(HandlerException.class, () -> SharePath.parse("path", path));

        assertEquals(400, error.code());
        assertEquals(message, error.getMessage());
    }

    @Test
    void aPathLongerThan4096BytesIsRefused() {
        String path = "/a".repeat(2049);

        assertEquals("is longer than 4096 bytes", SharePath.problem(path));
    }

    @Test
    void aPathThatIsNotAStringIsA400() {
        HandlerException error = assertThrows(HandlerException.class, () -> SharePath.parse("path", 12L));

        assertEquals("\"path\" must be a string such as \"/a.txt\"", error.getMessage());
    }

    @Test
    void validPathsKeepTheirTextAndSplitIntoNames() throws HandlerException {
        assertEquals(List.of("a.txt"), SharePath.parse("path", "/a.txt").segments());
        assertEquals(List.of("docs", "b.md"), SharePath.parse("path", "/docs/b.md").segments());
        assertEquals(List.of("..a", "b..", "é ☃ 😀"), SharePath.parse("path", "/..a/b../é ☃ 😀").segments());
        assertEquals("/.hidden", SharePath.parse("path", "/.hidden").text());
    }

    @Test
    void pathsSortByCodePointNotByUtf16Unit() {
        // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but a lower code point.
        assertEquals(-1, Integer.signum(PathOrder.compare("/\uff5e", "/\ud83d\ude00")));
        assertEquals(1, Integer.signum("/\uff5e".compareTo("/\ud83d\ude00")));
        assertEquals(-1, Integer.signum(PathOrder.compare("/a.txt", "/a/b")));
        assertEquals(-1, Integer.signum(PathOrder.compare(PathOrder.entryKey("a.txt", false), PathOrder.entryKey("a", true))));
        assertEquals(-1, Integer.signum(PathOrder.compare(PathOrder.entryKey("a", true), PathOrder.entryKey("ab", false))));
    }
}
