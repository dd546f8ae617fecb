package dev.turnstile.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plays the connection's part for framer tests: owns the buffer, appends what "arrives", calls
 * {@link JsonFramer#next} until it needs more, and records every frame with its bytes.
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
    byte[] buf = new byte[16];
    int length;
    private boolean tooLarge;

    FramerDriver(int limit) {
        framer = new JsonFramer(limit);
    }

    /** Appends a chunk as one read would, then frames everything that is complete. */
    FramerDriver feed(byte[] chunk) {
        if (tooLarge) {
            throw new IllegalStateException("the stream cannot continue after TOO_LARGE");
        }
        if (buf.length < length + chunk.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + chunk.length));
        }
        System.arraycopy(chunk, 0, buf, length, chunk.length);
        length += chunk.length;
        drain();
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

    /** Moves the bytes the framer still needs to the front, as the connection does. */
    FramerDriver compact() {
        int keep = framer.retainFrom();
        System.arraycopy(buf, keep, buf, 0, length - keep);
        length -= keep;
        framer.shift(keep);
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

    private void drain() {
        while (true) {
            JsonFramer.Result result = framer.next(buf, length);
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
            frames.add(new Frame(result, latin1(Arrays.copyOfRange(buf, framer.start(), framer.end()))));
        }
    }

    /** One char per byte, so comparing strings compares bytes exactly. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
