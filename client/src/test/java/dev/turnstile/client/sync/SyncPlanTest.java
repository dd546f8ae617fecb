package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.filemodel.Sha256;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison as a table. A side is written as {@code path=size:mtime:content} for files,
 * {@code path/} for a folder and {@code path@} for a link; the expected plan as
 * {@code path=KIND}, deletions first, then by path.
 */
class SyncPlanTest {

    static Stream<Arguments> cases() {
        return Stream.of(
            Arguments.of("a new file is copied", "/a=3:1:abc", "", false, "/a=COPY"),
            Arguments.of("an equal file is skipped", "/a=3:1:abc", "/a=3:1:abc", false, "/a=SKIP"),
            Arguments.of("same content at another time is only touched", "/a=3:1:abc", "/a=3:9:abc", false, "/a=TOUCH"),
            Arguments.of("same size, other content is copied", "/a=3:1:abc", "/a=3:1:abd", false, "/a=COPY"),
            Arguments.of("same size and time, other content is copied", "/a=3:5:abc", "/a=3:5:xyz", false, "/a=COPY"),
            Arguments.of("another size is copied", "/a=3:1:abc", "/a=4:1:abcd", false, "/a=COPY"),
            Arguments.of("a file the source lacks stays without delete", "", "/old=1:1:x", false, ""),
            Arguments.of("a file the source lacks goes with delete", "", "/old=1:1:x", true, "/old=DELETE"),
            Arguments.of("a folder where the source has a file is a conflict", "/d=1:1:x", "/d/ /d/in=1:1:y", false,
                    "/d=CONFLICT"),
            Arguments.of("with delete, the folder's files go and the file comes", "/d=1:1:x", "/d/ /d/in=1:1:y", true,
                    "/d/in=DELETE /d=COPY"),
            Arguments.of("a file where the source has a folder is a conflict", "/d/in=1:1:x", "/d=1:1:y", false,
                    "/d/in=CONFLICT"),
            Arguments.of("with delete, that file goes and the folder comes", "/d/in=1:1:x", "/d=1:1:y", true,
                    "/d=DELETE /d/in=COPY"),
            Arguments.of("a link where the source has a file is a conflict", "/l=1:1:x", "/l@", false, "/l=CONFLICT"),
            Arguments.of("a link above a source file is a conflict", "/l/f=1:1:x", "/l@", false, "/l/f=CONFLICT"),
            Arguments.of("with delete, the link itself goes (never what it points to)", "/l/f=1:1:x", "/l@", true,
                    "/l=DELETE /l/f=COPY"),
            Arguments.of("a link at the source is ignored", "/l@ /f=1:1:x", "/f=1:1:x", false, "/f=SKIP /l=IGNORED"),
            Arguments.of("deep trees compare file by file", "/x/y/z=2:1:zz /x/w=1:1:w", "/x/y/z=2:1:zz /x/w=1:2:w", false,
                    "/x/w=TOUCH /x/y/z=SKIP"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void comparesAsTheTableSays(String name, String source, String target, boolean delete, String expected)
            throws Exception {
        SyncPlan plan = SyncPlan.compare(side(source), side(target), delete, true, file -> {
            throw new AssertionError("every entry here carries its hash");
        });
        StringBuilder actual = new StringBuilder();
        for (SyncPlan.Action action : plan.actions()) {
            actual.append(actual.length() == 0 ? "" : " ").append(action.path()).append('=').append(action.kind());
        }
        assertEquals(expected, actual.toString());
    }

    @ParameterizedTest(name = "refused: {0}")
    @MethodSource("refusedPaths")
    void aPathThatCouldLeaveTheLocalFolderIsRefused(String path) {
        org.junit.jupiter.api.Assertions.assertNotNull(SyncPaths.refusal(path), path);
    }

    static Stream<String> refusedPaths() {
        return Stream.of("", "a.txt", "/", "/a/", "//a", "/a//b", "/.", "/..", "/../x", "/a/../../x", "/a/./b",
                "/a\\b", "/..\\x", "/a\u0000b", "/a\nb", "/a\u007fb", "/.turnstile/hashes.jsonl",
                "/x/.f.turnstile-part", "/x/.f.turnstile-resume", "/" + "n".repeat(256), "/bad\ud800");
    }

    @org.junit.jupiter.api.Test
    void ordinaryAndNonAsciiPathsAreAccepted() {
        for (String path : new String[] {"/a.txt", "/docs/b.md", "/ünï/cødé ✓.txt", "/.hidden", "/a..b", "/日本/語"}) {
            assertEquals(null, SyncPaths.refusal(path), path);
        }
    }

    @org.junit.jupiter.api.Test
    void aSameSizedLocalFileIsHashedOnlyWhenNeeded() throws Exception {
        Map<String, Integer> asked = new LinkedHashMap<>();
        SyncPlan.Side target = side("");
        target.files().put("/same", new FileEntry("/same", 3, 1, null));
        target.files().put("/bigger", new FileEntry("/bigger", 9, 1, null));
        SyncPlan plan = SyncPlan.compare(side("/same=3:1:abc /bigger=3:1:abc"), target, false, true, file -> {
            asked.merge(file.path(), 1, Integer::sum);
            return Sha256.ofBytes("abc".getBytes());
        });
        assertEquals(Map.of("/same", 1), asked);
        assertEquals(SyncPlan.Kind.SKIP, plan.actions().get(1).kind());
        assertEquals(SyncPlan.Kind.COPY, plan.actions().get(0).kind());
    }

    @org.junit.jupiter.api.Test
    void aFileTheTargetLacksIsPlannedWithoutItsHashWhenItCanWaitAndOneTheTargetHasIsHashed() throws Exception {
        Map<String, Integer> asked = new LinkedHashMap<>();
        SyncPlan.Side source = side("");
        source.files().put("/new", new FileEntry("/new", 3, 1, null));
        source.files().put("/there", new FileEntry("/there", 3, 1, null));
        SyncPlan plan = SyncPlan.compare(source, side("/there=3:1:abc"), false, true, new SyncPlan.Hashes() {
            @Override
            public String sha256(FileEntry file) {
                asked.merge(file.path(), 1, Integer::sum);
                return Sha256.ofBytes("abc".getBytes());
            }

            @Override
            public boolean canWait(FileEntry file) {
                return true;
            }
        });
        assertEquals(Map.of("/there", 1), asked);
        assertEquals(SyncPlan.Kind.COPY, plan.actions().get(0).kind());
        assertEquals(null, plan.actions().get(0).source().sha256());
        assertEquals(SyncPlan.Kind.SKIP, plan.actions().get(1).kind());
    }

    @org.junit.jupiter.api.Test
    void aPathRefusedAtTheSourceIsAConflictAndNeverDeletedAtTheTarget() throws Exception {
        SyncPlan.Side source = side("/kept=1:1:k");
        source.refused().put("/growing.log", RemoteListing.STILL_WRITTEN);
        source.refused().put("/bad\\name", "refused: the path must not hold a backslash");

        SyncPlan plan = SyncPlan.compare(source, side("/growing.log=1:1:x /bad\\name=1:1:y /gone=1:1:z /kept=1:1:k"),
                true, true, SyncPlan.Side::hashless);

        StringBuilder actual = new StringBuilder();
        for (SyncPlan.Action action : plan.actions()) {
            actual.append(actual.length() == 0 ? "" : " ").append(action.path()).append('=').append(action.kind());
        }
        assertEquals("/gone=DELETE /bad\\name=CONFLICT /growing.log=CONFLICT /kept=SKIP", actual.toString());
    }

    private static SyncPlan.Side side(String spec) {
        SortedMap<String, FileEntry> files = new TreeMap<>();
        TreeSet<String> folders = new TreeSet<>();
        Map<String, String> others = new TreeMap<>();
        for (String item : spec.split(" ")) {
            if (item.isEmpty()) {
                continue;
            }
            if (item.endsWith("/")) {
                folders.add(item.substring(0, item.length() - 1));
            } else if (item.endsWith("@")) {
                others.put(item.substring(0, item.length() - 1), "a symbolic link");
            } else {
                String[] parts = item.split("[=:]");
                files.put(parts[0], new FileEntry(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                        Sha256.ofBytes(parts[3].getBytes())));
            }
        }
        folders.addAll(RemoteListing.parents(files.keySet()));
        return new SyncPlan.Side(files, folders, others, new TreeMap<>());
    }
}
