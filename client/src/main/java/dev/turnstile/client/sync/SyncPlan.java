package dev.turnstile.client.sync;

import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * What a sync will do, file by file: the result of comparing the source (the server's folder for
 * a pull, the local folder for a push) with the target.
 *
 * <p>Two files are the same when their sizes and SHA-256 are equal; then only a different
 * modification time or executable bits are put right ({@link Kind#TOUCH}). Files of the target that the source lacks
 * are deleted only when the sync deletes ({@code --delete}); so is anything that stands in the way
 * of a source file (a folder, a link, a file where the source has a folder), which is otherwise a
 * {@link Kind#CONFLICT}. A {@link #describe() description} of the plan is what a dry run prints.
 */
public final class SyncPlan {

    /** What happens to one path. */
    public enum Kind {
        /** The source's file is copied to the target (new, or its content differs). */
        COPY,
        /**
         * Same content; only the target's attributes are put right: its modification time set to
         * the source's, its executable bits made the source's ({@link PermissionBits}).
         */
        TOUCH,
        /** Same content and time: nothing to do. */
        SKIP,
        /** The target has it and the source does not (or it stands in the way): deleted. */
        DELETE,
        /** Cannot be made equal: the reason says why; the sync leaves it and reports it. */
        CONFLICT,
        /** Not something a sync carries (a link or a special file at the source): left alone. */
        IGNORED
    }

    /**
     * One path's fate.
     *
     * @param kind what happens
     * @param path the path, as {@code /docs/a.md}
     * @param source the source's file, or {@code null}
     * @param target the target's file, or {@code null}
     * @param reason why, for a conflict or an ignored path; else {@code null}
     */
    public record Action(Kind kind, String path, FileEntry source, FileEntry target, String reason) {
    }

    /**
     * One side of the comparison, as the plan needs it.
     *
     * @param refused paths that cannot be synced, each with the sentence that says why: a
     *     {@link Kind#CONFLICT} each, whichever side they are on
     */
    record Side(SortedMap<String, FileEntry> files, Set<String> folders, Map<String, String> others,
            Map<String, String> refused) {

        /** For a side whose entries all carry their hash. */
        static String hashless(FileEntry file) {
            throw new IllegalStateException(file.path() + " has no hash");
        }
    }

    /** Gives the SHA-256 of a file whose entry does not carry it, hashing it if need be. */
    interface Hashes {
        String sha256(FileEntry file) throws IOException;

        /**
         * @return whether a source file the target lacks may be planned without its hash, to be
         *     hashed as it is sent ({@link SentHash}); by default not
         */
        default boolean canWait(FileEntry file) {
            return false;
        }
    }

    private final List<Action> actions;
    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    private final long bytesToCopy;

    private SyncPlan(List<Action> actions) {
        this.actions = Collections.unmodifiableList(actions);
        long bytes = 0;
        for (Kind kind : Kind.values()) {
            counts.put(kind, 0);
        }
        for (Action action : actions) {
            counts.merge(action.kind(), 1, Integer::sum);
            if (action.kind() == Kind.COPY) {
                bytes += action.source().size();
            }
        }
        this.bytesToCopy = bytes;
    }

    /** @return a plan of these actions, in this order (deletions first, as {@link #compare} orders them) */
    static SyncPlan of(List<Action> actions) {
        return new SyncPlan(new ArrayList<>(actions));
    }

    /**
     * Compares two sides. Deletions come first in the result, so that they make room for copies.
     *
     * @param touch whether a different modification time or executable bits alone can be put right
     *     without the content (a pull sets them locally, a push with {@code /set_attributes});
     *     otherwise such a file is skipped
     */
    static SyncPlan compare(Side source, Side target, boolean delete, boolean touch, Hashes hashes)
            throws IOException {
        List<Action> deletions = new ArrayList<>();
        List<Action> rest = new ArrayList<>();
        for (Map.Entry<String, String> refused : source.refused().entrySet()) {
            rest.add(new Action(Kind.CONFLICT, refused.getKey(), null, null, refused.getValue()));
        }
        for (Map.Entry<String, String> reported : target.refused().entrySet()) {
            if (!source.refused().containsKey(reported.getKey())) {
                rest.add(new Action(Kind.CONFLICT, reported.getKey(), null, null, reported.getValue()));
            }
        }
        for (Map.Entry<String, String> other : source.others().entrySet()) {
            rest.add(new Action(Kind.IGNORED, other.getKey(), null, null, other.getValue() + " is not synced"));
        }
        for (FileEntry file : source.files().values()) {
            rest.add(compareOne(file, target, delete, touch, hashes));
        }
        if (delete) {
            for (FileEntry extra : target.files().values()) {
                // A path refused at the source (a file still being written there, a name that
                // cannot travel) is not known to be gone: it is reported, never deleted.
                if (!source.files().containsKey(extra.path()) && !source.refused().containsKey(extra.path())) {
                    deletions.add(new Action(Kind.DELETE, extra.path(), null, extra, null));
                }
            }
            for (Map.Entry<String, String> other : target.others().entrySet()) {
                // A link or special file is never something the source has: it goes too.
                if (source.refused().containsKey(other.getKey())) {
                    continue;
                }
                deletions.add(new Action(Kind.DELETE, other.getKey(), null, null, other.getValue()));
            }
        }
        rest.sort((a, b) -> a.path().compareTo(b.path()));
        deletions.addAll(rest);
        return new SyncPlan(deletions);
    }

    private static Action compareOne(FileEntry file, Side target, boolean delete, boolean touch, Hashes hashes)
            throws IOException {
        String path = file.path();
        String obstacle = obstacle(path, target);
        // A new file on the target needs no hash to be judged: a push may take it while it sends the file.
        boolean waits = obstacle == null && !target.files().containsKey(path) && hashes.canWait(file);
        FileEntry source = file.sha256() == null && !waits
                ? file.withSha256(hashes.sha256(file)) : file;
        if (obstacle != null) {
            return delete ? new Action(Kind.COPY, path, source, null, obstacle + " (deleted)")
                    : new Action(Kind.CONFLICT, path, source, null, obstacle);
        }
        FileEntry existing = target.files().get(path);
        if (existing == null) {
            return new Action(Kind.COPY, path, source, null, null);
        }
        if (existing.size() != source.size()) {
            return new Action(Kind.COPY, path, source, existing, null);
        }
        String sha = existing.sha256() != null ? existing.sha256() : hashes.sha256(existing);
        FileEntry hashed = existing.withSha256(sha);
        if (!sha.equals(source.sha256())) {
            return new Action(Kind.COPY, path, source, hashed, null);
        }
        boolean same = hashed.mtimeMillis() == source.mtimeMillis() && PermissionBits.sameExecutable(source, hashed);
        return new Action(same || !touch ? Kind.SKIP : Kind.TOUCH, path, source, hashed, null);
    }

    /** @return what on the target stands where the source's file must go, or {@code null} */
    private static String obstacle(String path, Side target) {
        if (target.folders().contains(path)) {
            return "a folder stands where the source has a file";
        }
        if (target.others().containsKey(path)) {
            return target.others().get(path) + " stands where the source has a file";
        }
        for (int slash = path.indexOf('/', 1); slash > 0; slash = path.indexOf('/', slash + 1)) {
            String above = path.substring(0, slash);
            if (target.files().containsKey(above)) {
                return "a file stands at " + above + " where the source has a folder";
            }
            if (target.others().containsKey(above)) {
                return target.others().get(above) + " stands at " + above + " where the source has a folder";
            }
        }
        return null;
    }

    /** @return every path's action: deletions first, then the rest by path */
    public List<Action> actions() {
        return actions;
    }

    /**
     * @param kind a kind of action
     * @return the actions of that kind, in plan order
     */
    public List<Action> actions(Kind kind) {
        List<Action> selected = new ArrayList<>();
        for (Action action : actions) {
            if (action.kind() == kind) {
                selected.add(action);
            }
        }
        return selected;
    }

    /**
     * @param kind a kind of action
     * @return how many paths get it
     */
    public int count(Kind kind) {
        return counts.get(kind);
    }

    /** @return the bytes the copies will transfer at most (less when a copy resumes) */
    public long bytesToCopy() {
        return bytesToCopy;
    }

    /** @return whether the target already equals the source: nothing to copy, touch or delete */
    public boolean isInSync() {
        return count(Kind.COPY) == 0 && count(Kind.TOUCH) == 0 && count(Kind.DELETE) == 0;
    }

    /**
     * @return one line per path that changes or cannot be synced, as a dry run prints them:
     *     {@code copy /a.txt (12 bytes)}, {@code delete /old.txt}, {@code conflict /x: why}; control
     *     characters in a path are escaped ({@code \}{@code u000a}), so each is one printable line
     */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (String line : describeRaw()) {
            lines.add(SharePath.escape(line));
        }
        return lines;
    }

    private List<String> describeRaw() {
        List<String> lines = new ArrayList<>();
        for (Action action : actions) {
            switch (action.kind()) {
                case COPY:
                    lines.add("copy " + action.path() + " (" + action.source().size() + " bytes)"
                            + (action.reason() != null ? ": " + action.reason() : ""));
                    break;
                case TOUCH:
                    lines.add("touch " + action.path() + " (same content, " + PermissionBits.describeTouch(action) + ")");
                    break;
                case DELETE:
                    lines.add("delete " + action.path());
                    break;
                case CONFLICT:
                    lines.add("conflict " + action.path() + ": " + action.reason());
                    break;
                case IGNORED:
                    lines.add("ignore " + action.path() + ": " + action.reason());
                    break;
                default:
                    break;
            }
        }
        return lines;
    }
}
