package dev.turnstile.client.sync;

import dev.turnstile.client.JsonMaps;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The push's memory of the uploads it has begun and not yet ended, so that the next run can go on
 * with them: the server keeps an upload's staged bytes by the id it gave at
 * {@code /upload_begin}, not by file, so only the client can find them again. A journal,
 * {@code LOCAL_DIR/.turnstile/uploads.jsonl}: one JSON line when an upload begins (its id, the
 * path, the version sent: size, mtime, SHA-256, and the server's version it replaces) and one when it ends (committed, aborted or
 * found gone). Appending a line costs a few microseconds, so every upload is recorded, small ones
 * too: a run that is stopped or loses its connection leaves no upload on the server that the next
 * run does not know about (it resumes it, or aborts it so that it does not wait an hour in the
 * server's staging, holding one of its slots).
 *
 * <p>The journal is not forced to disk: losing its last lines only means sending those files
 * again, and a torn line is ignored. Nothing in it needs to be trusted either: the server answers
 * for an id with the path, size and SHA-256 it was begun with, and verifies the whole content at
 * commit. Loading it rewrites it with only the uploads still open; a run that ends with none
 * removes it.
 *
 * <p>Thread-safe: uploads end on the connection's reader thread as commits are answered.
 */
final class UploadRecords implements Closeable {

    /** The journal's name in {@code LOCAL_DIR/.turnstile/}. */
    static final String FILE_NAME = "uploads.jsonl";

    /**
     * An upload that was begun for one version of a file.
     *
     * @param replaces the SHA-256 of the server's version it was begun to replace, {@code null} for none
     */
    record Entry(FileEntry source, String replaces, String upload) {
    }

    private final StateFolder state;
    /** The open uploads by id, in the order they began. */
    private final Map<String, Entry> open = new LinkedHashMap<>();
    private FileChannel journal;
    private boolean failed;
    private boolean closed;

    private UploadRecords(StateFolder state) {
        this.state = state;
    }

    /**
     * Reads the journal of a local folder (never through a link), and rewrites it with only the
     * uploads still open.
     */
    static UploadRecords load(StateFolder state) {
        UploadRecords records = new UploadRecords(state);
        try {
            for (String line : state.readLines(FILE_NAME)) {
                records.replay(line);
            }
        } catch (IOException | RuntimeException e) {
            // No journal (the usual case), or an unreadable one: what was read is used.
        }
        records.compact();
        return records;
    }

    private void replay(String line) {
        Map<String, Object> json;
        try {
            json = JsonMaps.parseObject(line);
        } catch (RuntimeException torn) {
            return;
        }
        if (json.get("end") instanceof String upload) {
            open.remove(upload);
        } else if (json.get("begin") instanceof String upload && !upload.isEmpty()
                && json.get("path") instanceof String path && json.get("size") instanceof Long size && size >= 0
                && json.get("mtime") instanceof Long mtime
                && (json.get("sha256") == null || json.get("sha256") instanceof String)
                && (json.get("replaces") == null || json.get("replaces") instanceof String)) {
            // No sha256: an upload begun without it (hashed as it is sent); resumed by size and mtime.
            open.put(upload, new Entry(new FileEntry(path, size, mtime, (String) json.get("sha256")),
                    (String) json.get("replaces"), upload));
        }
    }

    /** @return the uploads begun and not ended, oldest first */
    synchronized List<Entry> all() {
        return new ArrayList<>(open.values());
    }

    /** Records an upload begun for a version of a file. Failing to write only loses its resume. */
    synchronized void begun(FileEntry source, String replaces, String upload) {
        Entry entry = new Entry(source, replaces, upload);
        open.put(upload, entry);
        append(beginLine(entry));
    }

    /** Records that an upload ended: committed, aborted, or gone from the server. */
    synchronized void ended(String upload) {
        if (open.remove(upload) != null) {
            append(Map.of("end", upload));
        }
    }

    /** Closes the journal; removes it when no upload is open, so a finished push leaves only the hash cache. */
    @Override
    public synchronized void close() {
        closed = true;
        closeJournal();
        if (open.isEmpty()) {
            try {
                state.delete(FILE_NAME);
            } catch (IOException e) {
                // Replayed to nothing next time.
            }
        }
    }

    private void append(Map<String, Object> json) {
        if (failed) {
            return;
        }
        try {
            if (journal == null) {
                journal = state.append(FILE_NAME);
            }
            ByteBuffer line = ByteBuffer.wrap((JsonMaps.write(json) + "\n").getBytes(StandardCharsets.UTF_8));
            while (line.hasRemaining()) {
                journal.write(line);
            }
            if (closed) {
                closeJournal(); // an answer that came after the run: recorded, but nothing left open
            }
        } catch (IOException e) {
            // The next run cannot resume what follows: it sends those files again. Stop trying.
            failed = true;
            closeJournal();
        }
    }

    /** Rewrites the journal with the open uploads only (to a temporary name, then renamed). */
    private void compact() {
        try {
            if (!state.exists()) {
                return;
            }
            if (open.isEmpty()) {
                state.delete(FILE_NAME);
                return;
            }
            StringBuilder text = new StringBuilder();
            for (Entry entry : open.values()) {
                text.append(JsonMaps.write(beginLine(entry))).append('\n');
            }
            state.replace(FILE_NAME, text.toString());
        } catch (IOException e) {
            // The journal stays as it was, which replays to the same uploads.
        }
    }

    private static Map<String, Object> beginLine(Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("begin", entry.upload());
        json.put("path", entry.source().path());
        json.put("size", entry.source().size());
        json.put("mtime", entry.source().mtimeMillis());
        json.put("sha256", entry.source().sha256());
        json.put("replaces", entry.replaces());
        return json;
    }

    private void closeJournal() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                // Nothing more to write.
            }
            journal = null;
        }
    }
}
