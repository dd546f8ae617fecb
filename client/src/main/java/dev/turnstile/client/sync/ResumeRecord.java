package dev.turnstile.client.sync;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The small file beside an unfinished pull's temporary file: which version of the source it is a
 * copy of, how many leading bytes are known good, and the SHA-256 of those bytes, so that the
 * next run can check them before building on them. One JSON object; a damaged record is simply
 * not used (the file is fetched from the start). Read and written without following a link.
 */
record ResumeRecord(FileEntry source, long goodBytes, String goodSha256) {

    /** The most a record can hold: anything larger is not one. */
    private static final int MAX_BYTES = 64 * 1024;

    static ResumeRecord read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (channel.size() > MAX_BYTES) {
                return null;
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // read on
            }
            Map<String, Object> json = JsonMaps.parseObject(new String(bytes.array(), 0, bytes.position(), StandardCharsets.UTF_8));
            if (json.get("path") instanceof String && json.get("size") instanceof Long && json.get("mtime") instanceof Long
                    && json.get("sha256") instanceof String && json.get("good") instanceof Long
                    && json.get("good_sha256") instanceof String) {
                FileEntry source = new FileEntry((String) json.get("path"), (Long) json.get("size"),
                        (Long) json.get("mtime"), (String) json.get("sha256"));
                return new ResumeRecord(source, (Long) json.get("good"), (String) json.get("good_sha256"));
            }
        } catch (IOException | RuntimeException e) {
            // Missing or torn: the pull starts over, which is always safe.
        }
        return null;
    }

    /**
     * Writes the record over the existing (empty or older) one and forces it to disk; the
     * temporary file's bytes must be forced first.
     */
    void write(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("path", source.path());
        json.put("size", source.size());
        json.put("mtime", source.mtimeMillis());
        json.put("sha256", source.sha256());
        json.put("good", goodBytes);
        json.put("good_sha256", goodSha256);
        byte[] bytes = (JsonMaps.write(json) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
                LinkOption.NOFOLLOW_LINKS)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
    }
}
