package dev.turnstile.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives a {@link FramedInput} (the buffer and framer the server's request pipeline owns) for
 * framer tests: appends what "arrives", frames until more is needed, and records every frame with
 * its bytes.
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

    final FramedInput input;
    final JsonFramer framer;
    final List<Frame> frames = new ArrayList<>();
    private boolean tooLarge;

    FramerDriver(int limit) {
        // A small first buffer, so the tests also exercise its growth and compaction.
        input = new FramedInput(limit, 16);
        framer = input.framer();
    }

    /** Appends a chunk as reads would (several when the buffer must grow), framing after each. */
    FramerDriver feed(byte[] chunk) {
        if (tooLarge) {
            throw new IllegalStateException("the stream cannot continue after TOO_LARGE");
        }
        int offset = 0;
        do {
            offset += input.append(chunk, offset, chunk.length - offset);
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
        input.compact();
        return this;
    }

    /** Ends the stream and records what {@link FramedInput#finish()} reports, unless nothing is left. */
    JsonFramer.Result finish() {
        JsonFramer.Result result = input.finish();
        if (result != JsonFramer.Result.NEED_MORE) {
            record(result);
        }
        return result;
    }

    private void drain() {
        while (true) {
            JsonFramer.Result result = input.next();
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
            frames.add(new Frame(result, latin1(Arrays.copyOfRange(input.bytes(), input.start(), input.end()))));
        }
    }

    /** One char per byte, so comparing strings compares bytes exactly. */
    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
