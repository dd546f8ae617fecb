package dev.turnstile.files;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.turnstile.filemodel.FileStat;
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
 * Walks the shared folder in path order (code points, as listings sort), through the root's
 * handles: each folder is opened relative to its parent without following a link, bounded by the
 * {@link OpenGuard}. Links, special files, the plugin's hidden temporaries and names no request
 * could name are skipped; a name that is not valid UTF-8, or a folder that cannot be read, is
 * skipped with one warning in the log (once per name, not once per walk).
 */
final class TreeWalk {

    private static final Logger LOG = LoggerFactory.getLogger(TreeWalk.class);
    private static final Path HERE = Path.of(".");

    private final ConfinedRoot root;
    private final OnceLog warned = new OnceLog();

    TreeWalk(ConfinedRoot root) {
        this.root = root;
    }

    /**
     * @param after a path text; {@code null} to start at the beginning
     * @return {@code false} when the visitor stopped the walk
     */
    boolean walk(String after, ConfinedRoot.Visitor visitor) throws IOException {
        try (SecureDirectoryStream<Path> top = root.openTop()) {
            return walk(top, "", after, visitor);
        }
    }

    private boolean walk(SecureDirectoryStream<Path> folder, String prefix, String after, ConfinedRoot.Visitor visitor)
            throws IOException {
        for (Child child : children(folder, prefix)) {
            String childPath = prefix + "/" + child.name();
            if (!child.folder()) {
                if (after == null || PathOrder.compare(childPath, after) > 0) {
                    if (!visitor.visit(FileStat.of(childPath, child.attributes()))) {
                        return false;
                    }
                }
                continue;
            }
            String inside = childPath + "/";
            if (after != null && PathOrder.compare(after, inside) > 0 && !after.startsWith(inside)) {
                continue; // everything in this folder comes before the cursor
            }
            SecureDirectoryStream<Path> sub;
            try {
                sub = root.openChild(folder, child.name(), childPath);
            } catch (IOException e) {
                if (warned.first(childPath)) {
                    LOG.warn("skipping folder {} of the shared folder: {}", SharePath.quote(childPath), e.toString());
                }
                continue;
            }
            try (sub) {
                if (!walk(sub, childPath, after, visitor)) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<Child> children(SecureDirectoryStream<Path> folder, String prefix) throws IOException {
        List<Child> children = new ArrayList<>();
        try (SecureDirectoryStream<Path> listing = folder.newDirectoryStream(HERE, NOFOLLOW_LINKS)) {
            for (Path entry : listing) {
                String name = entry.getFileName().toString();
                if (name.startsWith(ConfinedRoot.HIDDEN_PREFIX)) {
                    continue;
                }
                if (name.indexOf('\uFFFD') >= 0) {
                    if (warned.first(prefix + "/" + name)) {
                        LOG.warn("skipping a name in {}/ that is not valid UTF-8: {}", prefix, SharePath.quote(name));
                    }
                    continue;
                }
                if (SharePath.problem("/" + name) != null) {
                    if (warned.first(prefix + "/" + name)) {
                        LOG.warn("skipping {} in {}/: no request could name it", SharePath.quote(name), prefix);
                    }
                    continue;
                }
                BasicFileAttributes attributes = ConfinedRoot.attributes(folder, name);
                if (attributes != null && (attributes.isRegularFile() || attributes.isDirectory())) {
                    children.add(new Child(name, attributes.isDirectory(), attributes));
                }
            }
        }
        children.sort((a, b) -> PathOrder.compare(PathOrder.entryKey(a.name(), a.folder()),
                PathOrder.entryKey(b.name(), b.folder())));
        return children;
    }

    private record Child(String name, boolean folder, BasicFileAttributes attributes) {
    }
}
