package dev.turnstile.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives a {@link JsonFramer} over a buffer of its own, as {@link FramedInput} does for the server,
 * for framer tests: appends what "arrives" (growing the buffer, or dropping what the framer no
 * longer needs, when it is full), frames until more is needed, records every frame with its bytes,
 * and {@linkplain #compact() compacts} whenever a test says, to check the framer's
 * {@link JsonFramer#retainFrom()} and {@link JsonFramer#shift} at any point of a stream.
 *
 * <p>A text that starts with {@code {"attachment":N} (N digits, then {@code ,} or {@code }}) is
 * taken to announce an attachment of N bytes, as the server's decoder would find it, and the driver
 * tells the framer so right after the text is reported.
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

        static Frame attachment(byte[] bytes) {
            return new Frame(JsonFramer.Result.ATTACHMENT, latin1(bytes));
        }

        static Frame attachment(String text) {
            return attachment(text.getBytes(StandardCharsets.UTF_8));
        }

        static Frame noNewline() {
            return new Frame(JsonFramer.Result.NO_NEWLINE, "");
        }

        @Override
        public String toString() {
            return result + " " + new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    private static final Pattern ANNOUNCED = Pattern.compile("^\\{\"attachment\":([0-9]+)[,}]");

    final JsonFramer framer;
    final List<Frame> frames = new ArrayList<>();
    private final int limit;
    // A small first buffer, so the tests also exercise growth and compaction.
    private byte[] buffer = new byte[16];
    private int length;
    /** TOO_LARGE or NO_NEWLINE was reported: the stream cannot go on. */
    private boolean stuck;

    FramerDriver(int limit) {
        this.limit = limit;
        this.framer = new JsonFramer(limit);
    }

    /** @return whether TOO_LARGE or NO_NEWLINE was reported, so nothing more may be fed */
    boolean stuck() {
        return stuck;
    }

    /** @return how many bytes the buffer holds, framed or not */
    int length() {
        return length;
    }

    /** Appends a chunk as reads would (several when the buffer must grow), framing after each. */
    FramerDriver feed(byte[] chunk) {
        if (stuck) {
            throw new IllegalStateException("the stream cannot continue after " + frames.get(frames.size() - 1));
        }
        int offset = 0;
        do {
            offset += append(chunk, offset, chunk.length - offset);
            drain();
        } while (offset < chunk.length && !stuck);
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

    /**
     * Takes as much as fits: compacts a full buffer, grows it while one text fills it, up to the limit
     * plus one, or while an attachment does, up to what the framer says it needs.
     */
    private int append(byte[] chunk, int offset, int count) {
        if (length == buffer.length) {
            compact();
        }
        if (length == buffer.length) {
            long bound = Math.max(limit + 1L, framer.needed());
            buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, bound));
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
            if (result == JsonFramer.Result.TOO_LARGE || result == JsonFramer.Result.NO_NEWLINE) {
                stuck = true;
                return;
            }
            if (result == JsonFramer.Result.TEXT) {
                Matcher announced = ANNOUNCED.matcher(latin1(Arrays.copyOfRange(buffer, framer.start(), framer.end())));
                if (announced.find()) {
                    framer.expectAttachment(Long.parseLong(announced.group(1)));
                }
            }
        }
    }

    private void record(JsonFramer.Result result) {
        if (result == JsonFramer.Result.TOO_LARGE) {
            frames.add(Frame.tooLarge());
        } else if (result == JsonFramer.Result.NO_NEWLINE) {
            frames.add(Frame.noNewline());
        } else {
            frames.add(new Frame(result, latin1(Arrays.copyOfRange(buffer, framer.start(), framer.end()))));
        }
    }

    /** One char per byte, so comparing strings compares bytes exactly. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
