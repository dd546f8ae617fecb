package dev.turnstile.client.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The rules for names: which shared-folder paths may become local files, where a file's temporary
 * copy and resume record live, and which local names belong to the sync itself.
 *
 * <p>A path from the server is trusted no more than a request is trusted by the server: it must
 * pass SPEC §8's own rules (leading {@code /}, no empty, {@code .} or {@code ..} segment, no
 * backslash, NUL or other control character), and it must not name the sync's own state.
 */
final class SyncPaths {

    /** The hidden folder of LOCAL_DIR that holds the hash cache; never synced. */
    static final String STATE_FOLDER = ".turnstile";
    static final String PART_SUFFIX = ".turnstile-part";
    static final String RESUME_SUFFIX = ".turnstile-resume";
    private static final int MAX_NAME_BYTES = 255;

    private SyncPaths() {
    }

    /**
     * @param path a path as a server sends it
     * @return why it cannot be a local file, or {@code null} when it can
     */
    static String refusal(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return "does not start with /";
        }
        if (path.endsWith("/")) {
            return "ends with /";
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                return "holds a backslash";
            }
            if (c < 0x20 || c == 0x7f) {
                return "holds a control character";
            }
            if (Character.isSurrogate(c) && !validSurrogateAt(path, i)) {
                return "is not valid Unicode";
            }
        }
        String[] segments = path.substring(1).split("/", -1);
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "holds an empty, . or .. segment";
            }
            if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                return "has a name longer than " + MAX_NAME_BYTES + " bytes";
            }
            if (isOwnName(segment)) {
                return "names the sync's own temporary files";
            }
        }
        if (segments[0].equals(STATE_FOLDER)) {
            return "names the sync's own " + STATE_FOLDER + " folder";
        }
        return null;
    }

    private static boolean validSurrogateAt(String path, int i) {
        char c = path.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < path.length() && Character.isLowSurrogate(path.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(path.charAt(i - 1));
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
        if (hidden.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES) {
            return hidden;
        }
        // A long name would overflow the file system's limit: use its hash instead.
        return "." + Sha256.hex(name.getBytes(StandardCharsets.UTF_8)).substring(0, 32) + suffix;
    }

    /**
     * Makes the folders above a target, refusing to pass through anything that is not a real
     * folder: a link planted in LOCAL_DIR must not lead a write outside it.
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
                Files.createDirectory(current);
            } else if (!attributes.isDirectory()) {
                return (attributes.isSymbolicLink() ? "a symbolic link" : "a file") + " stands where "
                        + remote(root, current) + " should be a folder";
            }
        }
        return null;
    }

    /** @return the file's own attributes (a link's, not its target's), or {@code null} if absent */
    static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
