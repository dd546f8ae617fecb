package dev.turnstile.client.sync;

import dev.turnstile.client.AnswerReader;
import dev.turnstile.client.AttachmentSink;
import dev.turnstile.filemodel.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The one files url whose shape SPEC §8 already fixes: {@code /get_file_data} with {@code path},
 * {@code offset} and {@code length}, answered with the file's {@code size}, {@code mtime} and
 * {@code sha256} and the bytes: base64 {@code data}, or with {@code "encoding":"raw"} (SPEC v1.3)
 * an attachment, which may come compressed when asked ({@link CompressedChunks}). Builds the request's members and checks the answer, so that
 * {@link RemoteFolders#over} only has to send it. An answer that does not match what was asked is
 * an {@link IOException}: a sync never writes bytes it cannot place.
 */
final class FileDataCall {

    static final String URL = "/get_file_data";


    private FileDataCall() {
    }

    /** @return the request's members, without the url */
    static Map<String, Object> params(String path, long offset, int length) {
        return params(path, offset, length, false);
    }

    /**
     * @return the request's members, without the url; asking for raw bytes when {@code raw}, and
     *     for them compressed when {@code compress} too
     */
    static Map<String, Object> params(String path, long offset, int length, boolean raw, boolean compress) {
        Map<String, Object> params = params(path, offset, length, raw);
        if (raw && compress) {
            CompressedChunks.ask(params);
        }
        return params;
    }

    /** @return the request's members, without the url; asking for raw bytes when {@code raw} */
    static Map<String, Object> params(String path, long offset, int length, boolean raw) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("path", path);
        params.put("offset", offset);
        params.put("length", length);
        if (raw) {
            params.put("encoding", "raw");
        }
        return params;
    }

    /**
     * Reads the answers to one request and hands the chunk's bytes to {@code into} on the reader
     * thread: a raw answer's attachment as it arrives, a base64 answer's data once decoded
     * (straight from the line's bytes when it can, as {@link #reader(String, long, int)}).
     *
     * @param raw told, for each answer, whether it came raw ({@code true}) or as base64
     * @return a reader whose value is the file as the server saw it for this chunk
     */
    static AnswerReader<FileEntry> reader(String path, long offset, int length, RemoteFolder.ChunkTarget into,
            Consumer<Boolean> raw) {
        return new AnswerReader<>() {
            /** The bytes the chunk covers, once its answer says they come compressed; else -1. */
            private long inflated = -1;

            @Override
            public FileEntry readLine(byte[] line, int from, int count) throws IOException {
                Chunk chunk = FileDataLine.read(path, offset, length, line, from, count);
                return chunk == null ? null : delivered(chunk);
            }

            @Override
            public FileEntry read(Map<String, Object> answer) throws IOException {
                if (!answer.containsKey("attachment")) {
                    return delivered(chunk(path, offset, length, answer));
                }
                if (answer.containsKey("data")) {
                    throw new IOException("the answer to " + URL + " for " + path + " has both data and an attachment");
                }
                FileEntry file = file(path, offset, answer);
                long expected = Math.min(length, file.size() - offset);
                if (CompressedChunks.marked(answer, path, offset, expected)) {
                    inflated = expected;
                } else if (!Long.valueOf(expected).equals(answer.get("attachment"))) {
                    throw new IOException("the answer to " + URL + " for " + path + " at " + offset + " holds "
                            + answer.get("attachment") + " bytes, not " + expected);
                }
                raw.accept(true);
                return file;
            }

            @Override
            public AttachmentSink attachment(FileEntry file, long count) throws IOException {
                if (inflated >= 0) {
                    return CompressedChunks.inflating(into.open(file, inflated), inflated, count,
                            "the answer to " + URL + " for " + path + " at " + offset);
                }
                return into.open(file, count);
            }

            private FileEntry delivered(Chunk chunk) throws IOException {
                raw.accept(false);
                AttachmentSink sink = into.open(chunk.file(), chunk.data().length);
                if (sink != null) {
                    sink.accept(ByteBuffer.wrap(chunk.data()).asReadOnlyBuffer());
                }
                return chunk.file();
            }
        };
    }

    /**
     * Reads the answers to one request: straight from the line's bytes ({@link FileDataLine}) when
     * the line is in the shape our server writes, else from the parsed answer; the checks are the
     * same either way.
     */
    static AnswerReader<Chunk> reader(String path, long offset, int length) {
        return new AnswerReader<>() {
            @Override
            public Chunk readLine(byte[] line, int from, int count) throws IOException {
                return FileDataLine.read(path, offset, length, line, from, count);
            }

            @Override
            public Chunk read(Map<String, Object> answer) throws IOException {
                return chunk(path, offset, length, answer);
            }
        };
    }

    /** @return the chunk the parsed 200 answer carries, checked against the request */
    static Chunk chunk(String path, long offset, int length, Map<String, Object> answer) throws IOException {
        return chunk(path, offset, length, answer, () -> Base64.getDecoder().decode((String) answer.get("data")));
    }

    /** The base64 {@code data} of an answer, decoded when asked; fails as {@link Base64.Decoder} does. */
    @FunctionalInterface
    interface EncodedData {
        byte[] decode();
    }

    /**
     * @param answer the answer's members; its {@code data} must be a string, but the bytes come
     *     from {@code data}, so that a reader that cut the text out need not keep it
     * @param data the {@code data} member's base64 text
     * @return the chunk the 200 answer carries, checked against the request
     */
    static Chunk chunk(String path, long offset, int length, Map<String, Object> answer, EncodedData data)
            throws IOException {
        if (!(answer.get("data") instanceof String)) {
            throw new IOException("the answer to " + URL + " for " + path + " lacks data, size, mtime or sha256");
        }
        FileEntry file = file(path, offset, answer);
        long size = file.size();
        byte[] bytes;
        try {
            bytes = data.decode();
        } catch (IllegalArgumentException e) {
            throw new IOException("the answer to " + URL + " for " + path + " holds data that is not base64");
        }
        long expected = Math.min(length, size - offset);
        if (bytes.length != expected) {
            throw new IOException("the answer to " + URL + " for " + path + " at " + offset + " holds " + bytes.length
                    + " bytes, not " + expected);
        }
        return new Chunk(bytes, file);
    }

    /** @return the file an answer describes, checked against the request */
    private static FileEntry file(String path, long offset, Map<String, Object> answer) throws IOException {
        if (!path.equals(answer.get("path"))) {
            throw wrong("path", answer.get("path"), path);
        }
        if (!Long.valueOf(offset).equals(answer.get("offset"))) {
            throw wrong("offset", answer.get("offset"), offset);
        }
        if (!(answer.get("size") instanceof Long size) || !(answer.get("mtime") instanceof Long mtime)
                || !(answer.get("sha256") instanceof String sha256)) {
            throw new IOException("the answer to " + URL + " for " + path + " lacks data, size, mtime or sha256");
        }
        if (size < 0 || offset > size || !Sha256.isHex(sha256)) {
            throw new IOException("the answer to " + URL + " for " + path + " has a size or sha256 that cannot be");
        }
        return new FileEntry(path, size, mtime, sha256);
    }

    private static IOException wrong(String member, Object got, Object asked) {
        return new IOException("the answer to " + URL + " has " + member + " " + got + " where " + asked + " was asked for");
    }
}
