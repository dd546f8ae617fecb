package dev.turnstile.client.sync;

import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The conflict copies of a run, and the summary's line for each: for a pull, the local versions
 * renamed aside just before the server's take their place ({@link #keepAside}); for a push, the
 * server's versions its commits keep ({@code keep_replaced_as}, {@link #kept}).
 *
 * <p>Thread-safe: a pull's finishers keep copies aside as they put files in place.
 */
final class ConflictCopies {

    /** A pull without conflicts. */
    static final ConflictCopies NONE = new ConflictCopies(null, Map.of());

    private final Path root;
    private final Map<String, String> keepAs;
    private final List<String> lines = new ArrayList<>();

    /**
     * @param root LOCAL_DIR, a real path
     * @param keepAs path → the name its local version is kept as
     */
    ConflictCopies(Path root, Map<String, String> keepAs) {
        this.root = root;
        this.keepAs = new java.util.concurrent.ConcurrentHashMap<>(keepAs);
    }

    /**
     * For a pull, right before the server's version of a file is renamed into place: renames the
     * local version to its conflict copy's name, if it has one (in the same folder, never over an
     * existing file, never through a link: a rename moves a link itself). Until then the local
     * file is untouched, so a transfer that fails leaves it as it was.
     *
     * @return {@code null} when the file may be replaced, else why it must not be
     */
    String keepAside(String path) {
        // Once only: a file fetched again after its copy was kept has nothing more to keep.
        String name = keepAs.remove(path);
        if (name == null) {
            return null;
        }
        try {
            // Without REPLACE_EXISTING a move refuses an existing name; within one folder it is a rename.
            Files.move(SyncPaths.local(root, path), SyncPaths.local(root, name));
        } catch (java.nio.file.NoSuchFileException e) {
            return null; // Gone meanwhile: nothing left to keep.
        } catch (IOException e) {
            return "changed on both sides since the last sync, and the local version cannot be kept as " + name
                    + " (" + e.getMessage() + "); not overwritten";
        }
        synchronized (lines) {
            lines.add(line(path, "local", name));
        }
        return null;
    }

    /** @return for a pull, one line per local version kept aside */
    List<String> lines() {
        synchronized (lines) {
            List<String> sorted = new ArrayList<>(lines);
            sorted.sort(null);
            return sorted;
        }
    }

    /** @return for a push, the lines of the server's versions its commits kept */
    static List<String> kept(BaseJudgement judged, SyncRun run) {
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, String> copy : judged.keepAs.entrySet()) {
            if (run.done(copy.getKey())) {
                kept.add(line(copy.getKey(), "server's", copy.getValue()));
            }
        }
        return kept;
    }

    /** @return for a dry run, the copies it would make */
    static List<String> planned(BaseJudgement judged, boolean pull) {
        List<String> planned = new ArrayList<>();
        for (Map.Entry<String, String> copy : judged.keepAs.entrySet()) {
            planned.add(SharePath.escape(copy.getKey() + ": would keep the " + (pull ? "local" : "server's")
                    + " version as " + copy.getValue()));
        }
        return planned;
    }

    private static String line(String path, String whose, String name) {
        return SharePath.escape(path + ": kept the " + whose + " version as " + name);
    }
}
