package dev.turnstile.client.sync;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The rules for names: which shared-folder paths may become local files, where a file's temporary
 * copy and resume record live, and which local names belong to the sync itself.
 *
 * <p>A path from the server is trusted no more than a request is trusted by the server: it must
 * pass SPEC §8's own rules ({@link SharePath#problem}), and it must not name the sync's own state
 * ({@value #STATE_FOLDER}, {@code *}{@value #PART_SUFFIX}, {@code *}{@value #RESUME_SUFFIX}) or
 * the files plugin's upload temporaries ({@value #SERVER_TEMPORARY_PREFIX}{@code *}). A local name
 * that breaks the same rules is not pushed.
 */
final class SyncPaths {

    /** The hidden folder of LOCAL_DIR that holds the sync's state; never synced. */
    static final String STATE_FOLDER = StateFolder.NAME;
    static final String PART_SUFFIX = ".turnstile-part";
    static final String RESUME_SUFFIX = ".turnstile-resume";
    /**
     * The files plugin's hidden copies of commits in progress (docs/files.md): never listed, and an
     * upload to such a name is refused, so the sync does not try.
     */
    static final String SERVER_TEMPORARY_PREFIX = ".turnstile-upload-";

    private SyncPaths() {
    }

    /**
     * @param path a path as a server lists it or as a local file would be pushed
     * @return why it cannot be synced, as the end of a sentence ("must not hold a backslash"), or
     *     {@code null} when it can
     */
    static String refusal(String path) {
        String problem = SharePath.problem(path);
        if (problem != null) {
            return problem;
        }
        SharePath checked = SharePath.parseTrusted(path);
        if (checked.segments().get(0).equals(STATE_FOLDER)) {
            return "names the sync's own " + STATE_FOLDER + " folder";
        }
        for (String segment : checked.segments()) {
            if (isOwnName(segment)) {
                return "has the name of the sync's temporary files (*" + PART_SUFFIX + ", *" + RESUME_SUFFIX + ")";
            }
            if (segment.startsWith(SERVER_TEMPORARY_PREFIX)) {
                return "starts with " + SERVER_TEMPORARY_PREFIX + ", which the server keeps for its unfinished uploads";
            }
        }
        return null;
    }

    /** @return whether a file name is one of the sync's temporary files or resume records */
    static boolean isOwnName(String name) {
        return name.endsWith(PART_SUFFIX) || name.endsWith(RESUME_SUFFIX);
    }

    /** @return the local path of a checked shared-folder path */
    static Path local(Path root, String path) {
        return root.resolve(path.substring(1));
    }

    /** @return the shared-folder path of a file inside root */
    static String remote(Path root, Path file) {
        String rootText = root.toString();
        String text = file.toString();
        // Where the separator is already '/', the path is the file's text after the root's: no
        // relativized Path and no names to join, for each of a large tree's files.
        if (root.getFileSystem().getSeparator().equals("/") && text.length() > rootText.length()
                && text.startsWith(rootText) && text.charAt(rootText.length()) == '/') {
            return text.substring(rootText.length());
        }
        StringBuilder path = new StringBuilder();
        for (Path name : root.relativize(file)) {
            path.append('/').append(name);
        }
        return path.toString();
    }

    /** @return the hidden temporary file beside a target: {@code .name.turnstile-part} */
    static Path part(Path target) {
        return target.resolveSibling(hiddenName(target.getFileName().toString(), PART_SUFFIX));
    }

    /** @return the resume record beside a target: {@code .name.turnstile-resume} */
    static Path resume(Path target) {
        return target.resolveSibling(hiddenName(target.getFileName().toString(), RESUME_SUFFIX));
    }

    private static String hiddenName(String name, String suffix) {
        String hidden = "." + name + suffix;
        if (hidden.getBytes(StandardCharsets.UTF_8).length <= SharePath.MAX_NAME_BYTES) {
            return hidden;
        }
        // A long name would overflow the file system's limit: use its hash instead.
        return "." + Sha256.ofText(name).substring(0, 32) + suffix;
    }

    /**
     * Makes the folders above a target, refusing to pass through anything that is not a real
     * folder: a link planted in LOCAL_DIR must not lead a write outside it. Each folder is created
     * with {@code mkdir}, which never follows a link standing at its name.
     *
     * @return {@code null} when the parents are real folders, else the reason they are not
     */
    static String prepareParents(Path root, Path target) throws IOException {
        Path current = root;
        for (Path name : root.relativize(target.getParent() == null ? root : target.getParent())) {
            if (name.toString().isEmpty()) {
                continue;
            }
            current = current.resolve(name);
            BasicFileAttributes attributes = attributes(current);
            if (attributes == null) {
                try {
                    Files.createDirectory(current);
                    continue;
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    attributes = attributes(current);
                }
            }
            if (attributes == null || !attributes.isDirectory()) {
                return (attributes != null && attributes.isSymbolicLink() ? "a symbolic link" : "a file")
                        + " stands where " + remote(root, current) + " should be a folder";
            }
        }
        return null;
    }

    /** @return the file's own attributes (a link's, not its target's), or {@code null} if absent */
    static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
