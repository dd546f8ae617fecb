package dev.turnstile.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a {@link JsonFramer} over a buffer of its own, as {@link FramedInput} does for the server,
 * for framer tests: appends what "arrives" (growing the buffer, or dropping what the framer no
 * longer needs, when it is full), frames until more is needed, records every frame with its bytes,
 * and {@linkplain #compact() compacts} whenever a test says, to check the framer's
 * {@link JsonFramer#retainFrom()} and {@link JsonFramer#shift} at any point of a stream.
 */
final class FramerDriver {

    /** One thing the framer reported, with the bytes it pointed at. */
    record Frame(JsonFramer.Result result, String bytes) {

        static Frame text(String json) {
            return new Frame(JsonFramer.Result.TEXT, latin1(json.getBytes(StandardCharsets.UTF_8)));
        }

        static Frame garbage(String line) {
            return new Frame(JsonFramer.Result.GARBAGE, latin1(line.getBytes(StandardCharsets.UTF_8)));
        }

        static Frame incomplete(String json) {
            return new Frame(JsonFramer.Result.INCOMPLETE, latin1(json.getBytes(StandardCharsets.UTF_8)));
        }

        static Frame tooLarge() {
            return new Frame(JsonFramer.Result.TOO_LARGE, "");
        }

        @Override
        public String toString() {
            return result + " " + new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    final JsonFramer framer;
    final List<Frame> frames = new ArrayList<>();
    private final int limit;
    // A small first buffer, so the tests also exercise growth and compaction.
    private byte[] buffer = new byte[16];
    private int length;
    private boolean tooLarge;

    FramerDriver(int limit) {
        this.limit = limit;
        this.framer = new JsonFramer(limit);
    }

    /** @return how many bytes the buffer holds, framed or not */
    int length() {
        return length;
    }

    /** Appends a chunk as reads would (several when the buffer must grow), framing after each. */
    FramerDriver feed(byte[] chunk) {
        if (tooLarge) {
            throw new IllegalStateException("the stream cannot continue after TOO_LARGE");
        }
        int offset = 0;
        do {
            offset += append(chunk, offset, chunk.length - offset);
            drain();
        } while (offset < chunk.length && !tooLarge);
        return this;
    }

    FramerDriver feed(String text) {
        return feed(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Feeds the text's UTF-8 bytes one at a time, as a slow client would send them. */
    FramerDriver feedBytewise(String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            feed(new byte[] {b});
        }
        return this;
    }

    /** Moves the bytes the framer still needs to the front, however few were dropped. */
    FramerDriver compact() {
        int keep = framer.retainFrom();
        System.arraycopy(buffer, keep, buffer, 0, length - keep);
        framer.shift(keep);
        length -= keep;
        return this;
    }

    /** Ends the stream and records what {@link JsonFramer#finish()} reports, unless nothing is left. */
    JsonFramer.Result finish() {
        JsonFramer.Result result = framer.finish();
        if (result != JsonFramer.Result.NEED_MORE) {
            record(result);
        }
        return result;
    }

    /** Takes as much as fits: compacts a full buffer, grows it while one text fills it, up to the limit plus one. */
    private int append(byte[] chunk, int offset, int count) {
        if (length == buffer.length) {
            compact();
        }
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, limit + 1L));
        }
        int taken = Math.min(count, buffer.length - length);
        System.arraycopy(chunk, offset, buffer, length, taken);
        length += taken;
        return taken;
    }

    private void drain() {
        while (true) {
            JsonFramer.Result result = framer.next(buffer, length);
            if (result == JsonFramer.Result.NEED_MORE) {
                return;
            }
            record(result);
            if (result == JsonFramer.Result.TOO_LARGE) {
                tooLarge = true;
                return;
            }
        }
    }

    private void record(JsonFramer.Result result) {
        if (result == JsonFramer.Result.TOO_LARGE) {
            frames.add(Frame.tooLarge());
        } else {
            frames.add(new Frame(result, latin1(Arrays.copyOfRange(buffer, framer.start(), framer.end()))));
        }
    }

    /** One char per byte, so comparing strings compares bytes exactly. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
