package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import dev.turnstile.filemodel.PathOrder;
import dev.turnstile.filemodel.SharePath;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the shared folder, or a folder in it, in path order, through the root's handles: each folder
 * is opened relative to its parent without following a link, bounded by the {@link OpenGuard}. It
 * reports every regular file and folder with one look at it (one lstat each), and the names it
 * cannot share. It knows nothing of the index or the protocol: the {@link IndexUpdater} is its
 * visitor.
 *
 * <p>Skipped in silence: links, special files, the plugin's hidden temporaries, and what
 * {@code files-exclude} excludes (an excluded folder is not entered). Skipped and reported
 * ({@link Visitor#skipped}), with one warning in the log per name: names that are not valid UTF-8,
 * names no request could name (a backslash, a control character, a name over 255 bytes, a path over
 * 4096), and folders that cannot be read.
 */
final class TreeWalk {

    private static final Logger LOG = LoggerFactory.getLogger(TreeWalk.class);

    private final ConfinedRoot root;
    private final IgnoreRules excluded;
    private final OnceLog warned = new OnceLog();

    TreeWalk(ConfinedRoot root, IgnoreRules excluded) {
        this.root = root;
        this.excluded = excluded;
    }

    /** Receives what a walk finds. */
    interface Visitor {
        /**
         * A folder is about to be read: called before its names are listed, so that a watch set up
         * now misses nothing the listing does not see.
         *
         * @param folder its path, {@code ""} for the root
         */
        void entering(String folder) throws IOException;

        /** A regular file, or a folder (before what is in it). */
        void found(Look look) throws IOException;

        /**
         * A name that cannot be shared.
         *
         * @param path its path, escaped for display
         * @param reason why, such as {@code not valid UTF-8}
         */
        void skipped(String path, String reason);
    }

    /**
     * Walks a folder and everything below it.
     *
     * @param folder its path ({@code /docs}), or {@code ""} for the whole shared folder
     * @return whether the folder could be opened
     */
    boolean walk(String folder, Visitor visitor) throws IOException {
        SecureDirectoryStream<Path> handle = folder.isEmpty() ? root.openTop()
                : root.openFolder(SharePath.parseTrusted(folder).segments(), false, folder);
        if (handle == null) {
            return false;
        }
        try (handle) {
            walk(handle, folder, visitor);
        }
        return true;
    }

    private void walk(SecureDirectoryStream<Path> folder, String prefix, Visitor visitor) throws IOException {
        visitor.entering(prefix);
        for (Look child : children(folder, prefix, visitor)) {
            visitor.found(child);
            if (!child.folder()) {
                continue;
            }
            SecureDirectoryStream<Path> sub;
            String name = child.path().substring(prefix.length() + 1);
            try {
                sub = root.openChild(folder, name, child.path());
            } catch (IOException e) {
                if (warned.first(child.path())) {
                    LOG.warn("skipping folder {} of the shared folder: {}", SharePath.quote(child.path()), e.toString());
                }
                visitor.skipped(SharePath.escape(child.path()), "a folder that cannot be read (" + e.getMessage() + ")");
                continue;
            }
            try (sub) {
                walk(sub, child.path(), visitor);
            }
        }
    }

    private List<Look> children(SecureDirectoryStream<Path> folder, String prefix, Visitor visitor) throws IOException {
        List<Look> children = new ArrayList<>();
        try (SecureDirectoryStream<Path> listing = ConfinedRoot.names(folder)) {
            for (Path entry : listing) {
                String name = entry.getFileName().toString();
                if (name.startsWith(ConfinedRoot.HIDDEN_PREFIX)) {
                    continue;
                }
                String path = prefix + "/" + name;
                String problem = problem(path, name);
                if (problem != null) {
                    if (warned.first(path)) {
                        LOG.warn("skipping {} in {}/: {}", SharePath.quote(name), SharePath.escape(prefix), problem);
                    }
                    visitor.skipped(SharePath.escape(path), problem);
                    continue;
                }
                BasicFileAttributes attributes = ConfinedRoot.attributes(folder, name);
                if (attributes == null || !attributes.isRegularFile() && !attributes.isDirectory()
                        || excluded.excludesEntry(path, attributes.isDirectory())) {
                    continue;
                }
                children.add(Look.of(path, attributes));
            }
        }
        children.sort((a, b) -> PathOrder.compare(PathOrder.entryKey(a.path(), a.folder()),
                PathOrder.entryKey(b.path(), b.folder())));
        return children;
    }

    /** @return why a name cannot be shared, or {@code null} */
    static String problem(String path, String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            return "not valid UTF-8";
        }
        String problem = SharePath.problem(path);
        if (problem == null) {
            return null;
        }
        return problem.startsWith("must not hold ") ? "holds " + problem.substring("must not hold ".length()) : problem;
    }
}
