package dev.turnstile.client.sync;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Who wins when a path differs between the side a sync copies from (the source) and the side it
 * writes (the target), judged against the <b>base</b>, the version both sides last agreed on, as
 * Unison does: a change the target made since the base is never overwritten or deleted silently.
 * Versions are content hashes (lowercase hex SHA-256), {@code null} for "no file".
 *
 * <table>
 * <caption>The verdicts, in the order they are tried</caption>
 * <tr><th>when</th><th>verdict</th></tr>
 * <tr><td>source = target</td><td>{@link Verdict#SAME}</td></tr>
 * <tr><td>{@code force}</td><td>{@link Verdict#TAKE_SOURCE}</td></tr>
 * <tr><td>target = base (only the source changed, or nothing is known and the target has nothing)</td>
 *     <td>{@link Verdict#TAKE_SOURCE}: copy, or delete when the source deleted it</td></tr>
 * <tr><td>no target (the target deleted it since the base)</td><td>{@link Verdict#RESTORE}</td></tr>
 * <tr><td>source = base, or no source (only the target changed, or the source deleted what the
 *     target changed)</td><td>{@link Verdict#KEEP_TARGET}</td></tr>
 * <tr><td>otherwise (both changed it; or with no base, both have it, differently)</td>
 *     <td>{@link Verdict#KEEP_BOTH}</td></tr>
 * </table>
 *
 * <p>{@code pull} and {@code push} act on it as docs/clients.md says: {@code TAKE_SOURCE} and
 * {@code RESTORE} copy (or delete), {@code KEEP_TARGET} leaves the target's file and reports it,
 * {@code KEEP_BOTH} keeps the target's version under {@link #copyName} beside the file, then writes
 * the source's. A two-way sync calls it once per direction; on {@code RESTORE} it may prefer to carry
 * the deletion back instead when the source is still the base.
 */
public final class ConflictRule {

    /** What happens to one path. */
    public enum Verdict {
        /** Both sides have the same content (or both lack the file): nothing to judge. */
        SAME,
        /** The source's version (or its deletion) goes to the target: the target has nothing of its own to lose. */
        TAKE_SOURCE,
        /** The target deleted the file since the base; the source still has it: copying it back loses nothing. */
        RESTORE,
        /** Only the target changed (or created) it: left as it is, and reported. */
        KEEP_TARGET,
        /** Both changed it: the target's version is kept as a conflict copy, then the source's is written. */
        KEEP_BOTH
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private ConflictRule() {
    }

    /**
     * @param base the SHA-256 both sides last agreed on, or {@code null} (no file then, or never synced)
     * @param source the source's SHA-256, or {@code null} when it has no file there
     * @param target the target's SHA-256, or {@code null} when it has no file there
     * @param force whether the target is to become an exact mirror of the source ({@code --force})
     * @return the verdict
     */
    public static Verdict judge(String base, String source, String target, boolean force) {
        if (Objects.equals(source, target)) {
            return Verdict.SAME;
        }
        if (force || Objects.equals(target, base)) {
            return Verdict.TAKE_SOURCE;
        }
        if (target == null) {
            return Verdict.RESTORE;
        }
        if (source == null || Objects.equals(source, base)) {
            return Verdict.KEEP_TARGET;
        }
        return Verdict.KEEP_BOTH;
    }

    /**
     * The name a conflict copy gets, beside the file, in Syncthing's pattern
     * {@code NAME.sync-conflict-YYYYMMDD-HHMMSS[.ext]} (UTC): {@code /docs/a.md} at 10:15:00 on
     * 7 December 2026 becomes {@code /docs/a.sync-conflict-20261207-101500.md}. A name that starts
     * with its only dot ({@code .bashrc}) has no extension. When that name is taken, {@code -2},
     * {@code -3}, … follow the time.
     *
     * @param path the file's path, as {@code /docs/a.md}
     * @param when the moment of the conflict
     * @param taken whether a path is already in use (on the side where the copy is made)
     * @return the copy's path, in the same folder
     */
    public static String copyName(String path, Instant when, Predicate<String> taken) {
        int slash = path.lastIndexOf('/');
        String folder = path.substring(0, slash + 1);
        String name = path.substring(slash + 1);
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        String stamp = ".sync-conflict-" + STAMP.format(when);
        String candidate = folder + stem + stamp + extension;
        for (int n = 2; taken.test(candidate); n++) {
            candidate = folder + stem + stamp + "-" + n + extension;
        }
        return candidate;
    }
}
