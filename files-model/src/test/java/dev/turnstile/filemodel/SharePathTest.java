package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refused form of a path, as a table with the whole message; the order; the escaping. */
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
                Arguments.of("/a\u001b[2J", "path \"/a\\u001b[2J\" must not hold control characters"),
                Arguments.of("/a\u007f", "path \"/a\\u007f\" must not hold control characters"),
                Arguments.of("/a\u0085", "path \"/a\\u0085\" must not hold control characters"),
                Arguments.of("/a\u009b", "path \"/a\\u009b\" must not hold control characters"),
                Arguments.of("/a\ud800", "path \"/a\\ud800\" is not valid Unicode"),
                Arguments.of("/\udc00a", "path \"/\\udc00a\" is not valid Unicode"),
                Arguments.of("/" + "n".repeat(256), "path \"/" + "n".repeat(256) + "\" holds a name longer than 255 bytes"),
                Arguments.of("/" + "é".repeat(128), "path \"/" + "é".repeat(128) + "\" holds a name longer than 255 bytes"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void aRefusedPathIsAnErrorNamingItAndSayingWhy(String path, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> SharePath.parse(path));

        assertEquals(message, error.getMessage());
    }

    @Test
    void aPathLongerThan4096BytesIsRefusedAndOneOfExactly4096IsNot() {
        assertEquals("is longer than 4096 bytes", SharePath.problem("/a".repeat(2049)));
        assertNull(SharePath.problem("/" + "a/".repeat(2046) + "abc"), "4096 bytes exactly");
    }

    @Test
    void aNameOfExactly255BytesIsValid() {
        assertNull(SharePath.problem("/" + "é".repeat(127) + "a"));
    }

    @Test
    void validPathsKeepTheirTextAndSplitIntoNames() {
        assertEquals(List.of("a.txt"), SharePath.parse("/a.txt").segments());
        assertEquals(List.of("docs", "b.md"), SharePath.parse("/docs/b.md").segments());
        assertEquals(List.of("docs"), SharePath.parse("/docs/b.md").parents());
        assertEquals("b.md", SharePath.parse("/docs/b.md").name());
        assertEquals(List.of("..a", "b..", "é ☃ 😀"), SharePath.parse("/..a/b../é ☃ 😀").segments());
        assertEquals("/.hidden", SharePath.parse("/.hidden").text());
        assertEquals(SharePath.parse("/a/b"), SharePath.parseTrusted("/a/b"));
    }

    @Test
    void pathsSortByCodePointNotByUtf16Unit() {
        // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but a lower code point.
        assertEquals(-1, Integer.signum(PathOrder.compare("/\uff5e", "/\ud83d\ude00")));
        assertEquals(1, Integer.signum("/\uff5e".compareTo("/\ud83d\ude00")));
        assertEquals(-1, Integer.signum(PathOrder.compare("/a.txt", "/a/b")));
        assertEquals(-1, Integer.signum(PathOrder.compare("/a", "/ab")));
        assertEquals(0, PathOrder.compare("/é", "/é"));
        assertEquals(-1, Integer.signum(PathOrder.compare(PathOrder.entryKey("a.txt", false), PathOrder.entryKey("a", true))));
        assertEquals(-1, Integer.signum(PathOrder.compare(PathOrder.entryKey("a", true), PathOrder.entryKey("ab", false))));
    }

    @Test
    void escapingMakesControlCharactersAndLoneSurrogatesVisibleAndKeepsEverythingElse() {
        assertEquals("/notes\\u000a\\u001b[31mred.txt", SharePath.escape("/notes\n\u001b[31mred.txt"));
        assertEquals("/tab\\u0009\\u007f\\u0085\\ud800", SharePath.escape("/tab\t\u007f\u0085\ud800"));
        assertEquals("/é ☃ 😀 a\\b", SharePath.escape("/é ☃ 😀 a\\b"));
        assertEquals(SharePath.escape("/x\ny"), SharePath.escape(SharePath.escape("/x\ny")), "escaping twice changes nothing");
    }

    @Test
    void quotingCutsALongPathAfter300CodePoints() {
        String quoted = SharePath.quote("/" + "😀".repeat(400));

        assertEquals("\"/" + "😀".repeat(299) + "…\"", quoted);
        assertEquals("\"/a\\u000a\"", SharePath.quote("/a\n"));
    }
}
