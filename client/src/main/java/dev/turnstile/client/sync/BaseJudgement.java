package dev.turnstile.client.sync;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Applies the {@link ConflictRule} to a plan: each copy over a file of the target and each deletion
 * is judged against the base, so that a change the target made since the last sync is neither
 * overwritten nor deleted without a word. A copy over a file both sides changed keeps the target's
 * version under a conflict copy's name ({@link #keepAs}); a change the target made alone, or a file
 * it created, becomes a {@link SyncPlan.Kind#CONFLICT} that names it and says what would move it.
 */
final class BaseJudgement {

    /** Gives the SHA-256 of a target's file whose entry lacks it (hashing it only if it changed). */
    interface TargetHashes {
        String sha256(FileEntry target) throws IOException;
    }

    /** The judged plan. */
    final SyncPlan plan;
    /** Path → the name its target's version is kept as before the source's is written, in plan order. */
    final Map<String, String> keepAs;
    /** The paths whose destination changed alone since the base: kept, and reported. */
    private final Set<String> keptTarget;

    private BaseJudgement(SyncPlan plan, Map<String, String> keepAs, Set<String> keptTarget) {
        this.plan = plan;
        this.keepAs = keepAs;
        this.keptTarget = keptTarget;
    }

    /**
     * @param base the versions both sides last agreed on, by path
     * @param pull whether the target is the local folder (else the server's): for the sentences
     * @param now the moment of the conflict, for the copies' names
     * @param taken whether a path is already used on the target (a copy's name must be new)
     */
    static BaseJudgement judge(SyncPlan plan, Map<String, FileEntry> base, TargetHashes hashes, boolean force,
            boolean pull, Instant now, Predicate<String> taken) throws IOException {
        List<SyncPlan.Action> judged = new ArrayList<>(plan.actions().size());
        Map<String, String> keepAs = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        Set<String> keptTarget = new HashSet<>();
        for (SyncPlan.Action action : plan.actions()) {
            boolean copy = action.kind() == SyncPlan.Kind.COPY;
            if (!(copy || action.kind() == SyncPlan.Kind.DELETE) || action.target() == null) {
                judged.add(action);
                continue;
            }
            String path = action.path();
            FileEntry agreed = base.get(path);
            String baseSha = agreed == null ? null : agreed.sha256();
            String targetSha = targetVersion(action.target(), agreed, hashes);
            String sourceSha = copy ? action.source().sha256() : null;
            switch (ConflictRule.judge(baseSha, sourceSha, targetSha, force)) {
                case KEEP_TARGET:
                    keptTarget.add(path);
                    judged.add(new SyncPlan.Action(SyncPlan.Kind.CONFLICT, path, action.source(), action.target(),
                            kept(copy, agreed == null, pull)));
                    break;
                case KEEP_BOTH:
                    String name = ConflictRule.copyName(path, now, candidate -> taken.test(candidate) || named.contains(candidate));
                    named.add(name);
                    keepAs.put(path, name);
                    judged.add(new SyncPlan.Action(SyncPlan.Kind.COPY, path, action.source(), action.target(),
                            "changed on both sides since the last sync; the version " + (pull ? "here" : "on the server")
                                    + " is kept as " + name));
                    break;
                default:
                    judged.add(action);
                    break;
            }
        }
        return new BaseJudgement(SyncPlan.of(judged), keepAs, keptTarget);
    }

    /**
     * For a server that cannot be trusted to keep a replaced version: one without a change feed is
     * older than {@code keep_replaced_as} and would commit without keeping anything. Each copy that
     * would keep one becomes a conflict instead, left as it is.
     */
    BaseJudgement keepingNothing() {
        if (keepAs.isEmpty()) {
            return this;
        }
        List<SyncPlan.Action> judged = new ArrayList<>();
        for (SyncPlan.Action action : plan.actions()) {
            judged.add(action.kind() == SyncPlan.Kind.COPY && keepAs.containsKey(action.path())
                    ? new SyncPlan.Action(SyncPlan.Kind.CONFLICT, action.path(), action.source(), action.target(),
                            "changed on both sides since the last sync, and this server cannot keep its version as a"
                                    + " conflict copy; not overwritten (pull fetches it; --force overwrites it)")
                    : action);
        }
        return new BaseJudgement(SyncPlan.of(judged), Map.of(), keptTarget);
    }

    /**
     * For a pull that a push follows at once ({@code sync}): a file changed or made only on the
     * destination is that push's to send, so this run leaves it out (neither reported as kept nor
     * recorded in the base) instead of naming it.
     */
    BaseJudgement leavingTargetChangesToTheOtherWay() {
        if (keptTarget.isEmpty()) {
            return this;
        }
        List<SyncPlan.Action> judged = new ArrayList<>();
        for (SyncPlan.Action action : plan.actions()) {
            if (!(action.kind() == SyncPlan.Kind.CONFLICT && keptTarget.contains(action.path()))) {
                judged.add(action);
            }
        }
        return new BaseJudgement(SyncPlan.of(judged), keepAs, Set.of());
    }

    /**
     * @return the target's content hash, or a token that equals neither the base's nor any hash when
     *     its size alone shows it is not the base (nothing is read then)
     */
    private static String targetVersion(FileEntry target, FileEntry agreed, TargetHashes hashes) throws IOException {
        if (target.sha256() != null) {
            return target.sha256();
        }
        if (agreed == null || agreed.size() != target.size()) {
            return "not the base: " + target.size() + " bytes";
        }
        return hashes.sha256(target);
    }

    private static String kept(boolean copy, boolean created, boolean pull) {
        String here = pull ? "here" : "on the server";
        if (!copy) {
            return (created ? "created " + here + " since the last sync (or never synced)" : "changed " + here
                    + " since the last sync") + "; not deleted (--force deletes it)";
        }
        if (created) {
            return "exists " + here + " with other content and was never synced; not overwritten (--force overwrites it)";
        }
        return "changed " + here + " since the last sync; not overwritten (" + (pull ? "push sends it" : "pull fetches it")
                + "; --force overwrites it)";
    }
}
