package dev.turnstile.filemodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The gitignore matcher against git itself: every row's verdict is what {@code git check-ignore}
 * (git 2.39) answered for the same patterns in a root {@code .gitignore} and the same file or
 * folder. The rows follow the examples and rules of {@code git help gitignore} ("PATTERN FORMAT"
 * and "EXAMPLES"; the nested Documentation/.gitignore example written as root patterns), plus the
 * corners of the syntax: escapes, trailing spaces, sets and classes, {@code **} in every place, a
 * malformed set, and names beyond ASCII.
 */
class IgnoreRulesTest {

    static Stream<Arguments> gitsOwnVerdicts() {
        return Stream.of(
                row(List.of("hello.*"), "/hello.txt", false, true),
                row(List.of("hello.*"), "/hello.c", false, true),
                row(List.of("hello.*"), "/a/hello.java", false, true),
                row(List.of("hello.*"), "/hello", false, false),
                row(List.of("hello.*"), "/a/hello.d", true, true),
                row(List.of("/hello.*"), "/hello.txt", false, true),
                row(List.of("/hello.*"), "/hello.c", false, true),
                row(List.of("/hello.*"), "/a/hello.java", false, false),
                row(List.of("foo/"), "/foo", true, true),
                row(List.of("foo/"), "/foo", false, false),
                row(List.of("foo/"), "/a/foo", true, true),
                row(List.of("foo/"), "/foo/x.txt", false, true),
                row(List.of("foo/"), "/a/foo", false, false),
                row(List.of("doc/frotz"), "/doc/frotz", false, true),
                row(List.of("doc/frotz"), "/doc/frotz", true, true),
                row(List.of("doc/frotz"), "/a/doc/frotz", false, false),
                row(List.of("doc/frotz"), "/doc/frotz/x", false, true),
                row(List.of("/doc/frotz"), "/doc/frotz", false, true),
                row(List.of("/doc/frotz"), "/a/doc/frotz", false, false),
                row(List.of("doc/frotz/"), "/doc/frotz", true, true),
                row(List.of("doc/frotz/"), "/doc/frotz", false, false),
                row(List.of("doc/frotz/"), "/a/doc/frotz", true, false),
                row(List.of("frotz/"), "/frotz", true, true),
                row(List.of("frotz/"), "/a/frotz", true, true),
                row(List.of("frotz/"), "/a/frotz", false, false),
                row(List.of("foo/*"), "/foo/test.json", false, true),
                row(List.of("foo/*"), "/foo/bar", true, true),
                row(List.of("foo/*"), "/foo/bar/hello.c", false, true),
                row(List.of("foo/*"), "/foo", true, false),
                row(List.of("foo/*"), "/a/foo/x", false, false),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/file.o", false, true),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/lib.a", false, true),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/src/internal.o", false, true),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/Documentation/foo.html", false, false),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/Documentation/gitignore.html", false, true),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/Documentation/x/y.html", false, true),
                row(List.of("*.[oa]", "Documentation/**/*.html", "!Documentation/**/foo.html"), "/lib.c", false, false),
                row(List.of("vmlinux*", "!arch/foo/kernel/vmlinux*"), "/vmlinux", false, true),
                row(List.of("vmlinux*", "!arch/foo/kernel/vmlinux*"), "/arch/foo/kernel/vmlinux.lds.S", false, false),
                row(List.of("vmlinux*", "!arch/foo/kernel/vmlinux*"), "/arch/bar/vmlinux.o", false, true),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/top.txt", false, true),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo", true, false),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/bar", true, false),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/bar/x.txt", false, false),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/foo/baz.txt", false, true),
                row(List.of("/*", "!/foo", "/foo/*", "!/foo/bar"), "/other/x.txt", false, true),
                row(List.of("**/foo"), "/foo", false, true),
                row(List.of("**/foo"), "/a/foo", false, true),
                row(List.of("**/foo"), "/a/b/foo", true, true),
                row(List.of("**/foo"), "/foo/x", false, true),
                row(List.of("**/foo"), "/afoo", false, false),
                row(List.of("**/foo/bar"), "/foo/bar", false, true),
                row(List.of("**/foo/bar"), "/x/foo/bar", false, true),
                row(List.of("**/foo/bar"), "/foo/x/bar", false, false),
                row(List.of("**/foo/bar"), "/bar", false, false),
                row(List.of("abc/**"), "/abc/x", false, true),
                row(List.of("abc/**"), "/abc/x/y", false, true),
                row(List.of("abc/**"), "/abc", true, false),
                row(List.of("abc/**"), "/x/abc/y", false, false),
                row(List.of("a/**/b"), "/a/b", false, true),
                row(List.of("a/**/b"), "/a/x/b", false, true),
                row(List.of("a/**/b"), "/a/x/y/b", false, true),
                row(List.of("a/**/b"), "/a/x/c", false, false),
                row(List.of("a/**/b"), "/b", false, false),
                row(List.of("foo  "), "/foo", false, true),
                row(List.of("foo  "), "/foo  ", false, false),
                row(List.of("foo\\ "), "/foo ", false, true),
                row(List.of("foo\\ "), "/foo", false, false),
                row(List.of("\\#file", "#comment"), "/#file", false, true),
                row(List.of("\\#file", "#comment"), "/#comment", false, false),
                row(List.of("\\!important!.txt"), "/!important!.txt", false, true),
                row(List.of("\\!important!.txt"), "/important!.txt", false, false),
                row(List.of("!x.txt"), "/x.txt", false, false),
                row(List.of("[a-c]?.log"), "/a1.log", false, true),
                row(List.of("[a-c]?.log"), "/d1.log", false, false),
                row(List.of("[a-c]?.log"), "/b.log", false, false),
                row(List.of("[a-c]?.log"), "/c12.log", false, false),
                row(List.of("[!a]*.md"), "/b.md", false, true),
                row(List.of("[!a]*.md"), "/a.md", false, false),
                row(List.of("[!a]*.md"), "/x/ab.md", false, false),
                row(List.of("[^a]*.md"), "/b.md", false, true),
                row(List.of("[^a]*.md"), "/a.md", false, false),
                row(List.of("file[[:digit:]].txt"), "/file1.txt", false, true),
                row(List.of("file[[:digit:]].txt"), "/filex.txt", false, false),
                row(List.of("a**b"), "/ab", false, true),
                row(List.of("a**b"), "/axxb", false, true),
                row(List.of("a**b"), "/a/b", false, false),
                row(List.of("a**b"), "/x/axb", false, true),
                row(List.of("build/", "!build/keep.txt"), "/build/keep.txt", false, true),
                row(List.of("build/", "!build/keep.txt"), "/build/other.txt", false, true),
                row(List.of("build/", "!build/keep.txt"), "/build", true, true),
                row(List.of("*.tmp", "!keep.tmp"), "/a.tmp", false, true),
                row(List.of("*.tmp", "!keep.tmp"), "/keep.tmp", false, false),
                row(List.of("*.tmp", "!keep.tmp"), "/d/keep.tmp", false, false),
                row(List.of("*"), "/a", false, true),
                row(List.of("*"), "/d/e", false, true),
                row(List.of("*"), "/d", true, true),
                row(List.of("/"), "/a", false, false),
                row(List.of("x[ab"), "/x[ab", false, false),
                row(List.of("x[ab"), "/xa", false, false),
                row(List.of("*/"), "/d", true, true),
                row(List.of("*/"), "/d/e", false, true),
                row(List.of("*/"), "/f", false, false),
                row(List.of("d/*/"), "/d/e", true, true),
                row(List.of("d/*/"), "/d/e/f", false, true),
                row(List.of("d/*/"), "/d/f", false, false),
                row(List.of("\\*.txt"), "/*.txt", false, true),
                row(List.of("\\*.txt"), "/a.txt", false, false),
                row(List.of("a?c"), "/abc", false, true),
                row(List.of("a?c"), "/a/c", false, false),
                row(List.of("**"), "/a", false, true),
                row(List.of("**"), "/d/e", false, true),
                row(List.of("d/**/"), "/d/e", true, true),
                row(List.of("d/**/"), "/d/e", false, false),
                row(List.of("d/**/"), "/d/e/f", true, true),
                row(List.of("ñ*.txt"), "/ñandu.txt", false, true),
                row(List.of("ñ*.txt"), "/n.txt", false, false),
                row(List.of("日本/*.txt"), "/日本/語.txt", false, true),
                row(List.of("日本/*.txt"), "/x/日本/語.txt", false, false)
        );
    }

    private static Arguments row(List<String> patterns, String path, boolean folder, boolean excluded) {
        return Arguments.of(patterns, path, folder, excluded);
    }

    @ParameterizedTest(name = "{0}: {1} (folder {2}) excluded {3}")
    @MethodSource("gitsOwnVerdicts")
    void aPathIsExcludedExactlyWhenGitIgnoresIt(List<String> patterns, String path, boolean folder, boolean excluded) {
        assertEquals(excluded, IgnoreRules.of(patterns).excludes(path, folder));
    }

    @Test
    void blankLinesAndCommentsAreNoPatterns() {
        assertNull(IgnorePattern.parse(""));
        assertNull(IgnorePattern.parse("   "));
        assertNull(IgnorePattern.parse("# a comment"));
        assertTrue(IgnoreRules.of(List.of("", "# only comments")).isEmpty());
    }

    @Test
    void aPatternAloneMatchesThePathItselfNotWhatIsInsideAMatchedFolder() {
        IgnorePattern pattern = IgnorePattern.parse("foo/*");

        assertTrue(pattern.matches("/foo/bar", true));
        assertFalse(pattern.matches("/foo/bar/hello.c", false), "the star does not take the slash");
        assertTrue(IgnoreRules.of(List.of("foo/*")).excludes("/foo/bar/hello.c", false), "its folder is excluded");
    }

    @Test
    void aWalkAsksEachEntryOnceItsFoldersAreKnownToBeKept() {
        IgnoreRules rules = IgnoreRules.of(List.of("build/", "!build/keep.txt"));

        assertTrue(rules.excludesEntry("/build", true));
        assertFalse(rules.excludesEntry("/build/keep.txt", false), "the entry alone is included again");
        assertTrue(rules.excludes("/build/keep.txt", false), "but not under an excluded folder");
    }

    @Test
    void aNegatedPatternSaysSoForAToolWhereTheFirstMatchWins() {
        IgnorePattern include = IgnorePattern.parse("!*.md");

        assertTrue(include.negated());
        assertTrue(include.matches("/docs/a.md", false));
        assertFalse(IgnorePattern.parse("\\!a.md").negated());
        assertTrue(IgnorePattern.parse("docs/").foldersOnly());
    }

    @Test
    void manyDoubleStarsStayQuick() {
        IgnoreRules rules = IgnoreRules.of(List.of("**/a/**/a/**/a/**/a/**/a/**/b"));
        String deep = "/a".repeat(60) + "/c";

        assertFalse(rules.excludes(deep, false));
        assertTrue(rules.excludes("/a".repeat(60) + "/b", false));
    }

    @Test
    void manyStarsInANameStayQuick() {
        IgnoreRules rules = IgnoreRules.of(List.of("*a*a*a*a*a*a*a*a*a*b"));

        assertFalse(rules.excludes("/" + "a".repeat(250), false));
    }
}
