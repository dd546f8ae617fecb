package dev.turnstile.client.sync;

import java.util.List;

/**
 * What a sync did.
 *
 * @param plan what it planned
 * @param copied files copied
 * @param touched files whose content was already right and whose modification time was set
 * @param skipped files already equal
 * @param deleted paths deleted
 * @param failed paths that could not be synced (conflicts included); see {@link #problems()}
 * @param bytes bytes transferred
 * @param nanos how long it took
 * @param problems one line per path that could not be synced: {@code /path: reason}, control
 *     characters escaped ({@link dev.turnstile.filemodel.SharePath#escape}) so that each prints as
 *     one line
 * @param dryRun whether it only planned
 * @param conflictCopies one line per file changed on both sides whose other version was kept
 *     beside it: {@code /a.txt: kept the local version as /a.sync-conflict-20261207-101500.txt}
 *     (escaped as the problems are); the file itself now has the source's version
 */
public record SyncSummary(SyncPlan plan, int copied, int touched, int skipped, int deleted, int failed,
        long bytes, long nanos, List<String> problems, boolean dryRun, List<String> conflictCopies) {

    /** Copies the lists. */
    public SyncSummary {
        problems = List.copyOf(problems);
        conflictCopies = List.copyOf(conflictCopies);
    }

    /** Without conflict copies. */
    public SyncSummary(SyncPlan plan, int copied, int touched, int skipped, int deleted, int failed, long bytes,
            long nanos, List<String> problems, boolean dryRun) {
        this(plan, copied, touched, skipped, deleted, failed, bytes, nanos, problems, dryRun, List.of());
    }

    /** @return the seconds the sync took */
    public double seconds() {
        return nanos / 1e9;
    }

    /** @return the rate of transfer in megabytes (10⁶ bytes) per second */
    public double megabytesPerSecond() {
        return nanos == 0 ? 0 : bytes / 1e6 / seconds();
    }

    /** @return whether the target now equals the source (or, for a dry run, whether nothing is in the way) */
    public boolean complete() {
        return failed == 0;
    }

    /**
     * @return one line: {@code copied 3, skipped 10, deleted 1, 4.2 MB in 0.31 s (13.5 MB/s)}
     */
    public String line() {
        StringBuilder line = new StringBuilder(dryRun ? "dry run: would copy " : "copied ");
        line.append(dryRun ? plan.count(SyncPlan.Kind.COPY) : copied);
        if ((dryRun ? plan.count(SyncPlan.Kind.TOUCH) : touched) > 0) {
            line.append(", touched ").append(dryRun ? plan.count(SyncPlan.Kind.TOUCH) : touched);
        }
        line.append(", skipped ").append(skipped);
        line.append(dryRun ? ", would delete " : ", deleted ").append(dryRun ? plan.count(SyncPlan.Kind.DELETE) : deleted);
        if (failed > 0) {
            line.append(", failed ").append(failed);
        }
        if (!conflictCopies.isEmpty()) {
            line.append(dryRun ? ", would keep " : ", kept ").append(conflictCopies.size())
                    .append(conflictCopies.size() == 1 ? " conflict copy" : " conflict copies");
        }
        if (dryRun) {
            return line.append(", ").append(ByteCount.format(plan.bytesToCopy())).append(" to transfer").toString();
        }
        return line.append(String.format(java.util.Locale.ROOT, ", %s in %.2f s (%.1f MB/s)",
                ByteCount.format(bytes), seconds(), megabytesPerSecond())).toString();
    }
}
