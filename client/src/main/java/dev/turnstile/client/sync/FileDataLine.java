package dev.turnstile.client.sync;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

/**
 * Reads a {@code /get_file_data} answer straight from its line's bytes. Of a 1 MiB chunk's 1.4 MB
 * line, all but a hundred bytes are the base64 {@code data}: this finds that string with one scan
 * of the object's top-level members, decodes it from the bytes where it lies, and parses only the
 * rest of the line (with {@code data} emptied) the general way, for {@link FileDataCall}'s checks.
 *
 * <p>It reads only what it can read exactly as the general parse would: the {@code data} member
 * once, at the top level, with a name and a value free of escapes. For any other line it returns
 * {@code null} and the line goes the general way, which handles every valid JSON answer (and
 * refuses what is not one).
 */
final class FileDataLine {

    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

    private FileDataLine() {
    }

    /**
     * @return the chunk the answer carries, checked as {@link FileDataCall#chunk} checks it, or
     *     {@code null} when the line is not in a shape this reads
     * @throws IOException when it is, but does not hold the chunk asked for
     */
    static Chunk read(String path, long offset, int length, byte[] line, int from, int count) throws IOException {
        int end = from + count;
        int i = skipSpace(line, from, end);
        if (i >= end || line[i] != '{') {
            return null;
        }
        int dataStart = -1;
        int dataEnd = -1;
        byte[] decoded = null;
        i = skipSpace(line, i + 1, end);
        while (true) {
            if (i >= end || line[i] != '"') {
                return null;
            }
            int nameEnd = plainStringEnd(line, i + 1, end);
            if (nameEnd < 0) {
                return null;
            }
            boolean isData = Arrays.equals(line, i + 1, nameEnd, DATA, 0, DATA.length);
            i = skipSpace(line, nameEnd + 1, end);
            if (i >= end || line[i] != ':') {
                return null;
            }
            i = skipSpace(line, i + 1, end);
            if (isData) {
                if (dataStart >= 0 || i >= end || line[i] != '"') {
                    return null;
                }
                dataStart = i + 1;
                decoded = fullChunk(line, dataStart, end, length);
                dataEnd = decoded != null ? dataStart + base64Length(length) : plainStringEnd(line, dataStart, end);
                if (dataEnd < 0) {
                    return null;
                }
                i = dataEnd + 1;
            } else {
                i = skipValue(line, i, end);
                if (i < 0) {
                    return null;
                }
            }
            i = skipSpace(line, i, end);
            if (i < end && line[i] == ',') {
                i = skipSpace(line, i + 1, end);
            } else if (i < end && line[i] == '}' && skipSpace(line, i + 1, end) == end) {
                break;
            } else {
                return null;
            }
        }
        if (dataStart < 0) {
            return null;
        }
        Map<String, Object> rest;
        try {
            rest = JsonMaps.parseObject(withoutData(line, from, end, dataStart, dataEnd));
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (rest.containsKey("attachment")) {
            return null; // its bytes must be framed: the general way refuses data with an attachment
        }
        int start = dataStart;
        int stop = dataEnd;
        byte[] bytes = decoded;
        return FileDataCall.chunk(path, offset, length, rest, () -> bytes != null ? bytes : decode(line, start, stop));
    }

    /**
     * Most answers hold a full chunk, whose base64 text has a known length: when a quote stands
     * just there and the text up to it decodes, the string ends there (the decoder takes no quote,
     * backslash or control character), and the search for its end is spared, a pass over 1.4 MB.
     *
     * @return the chunk's bytes, or {@code null} when the data is not a full chunk's valid base64
     */
    private static byte[] fullChunk(byte[] line, int dataStart, int end, int length) {
        int quote = dataStart + base64Length(length);
        if (quote >= end || line[quote] != '"') {
            return null;
        }
        try {
            return decode(line, dataStart, quote);
        } catch (IllegalArgumentException e) {
            return null; // found the long way, then refused as the general parse would
        }
    }

    private static int base64Length(int bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /** @return the line's text with the data string emptied: {@code "data":""} */
    private static String withoutData(byte[] line, int from, int end, int dataStart, int dataEnd) {
        byte[] rest = new byte[(dataStart - from) + (end - dataEnd)];
        System.arraycopy(line, from, rest, 0, dataStart - from);
        System.arraycopy(line, dataEnd, rest, dataStart - from, end - dataEnd);
        return new String(rest, StandardCharsets.UTF_8);
    }

    private static byte[] decode(byte[] line, int start, int stop) {
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(line, start, stop - start));
        byte[] bytes = decoded.array();
        // The decoder sizes its array exactly for valid input; copy only if it ever does not.
        return decoded.arrayOffset() == 0 && decoded.position() == 0 && decoded.remaining() == bytes.length
                ? bytes : Arrays.copyOfRange(bytes, decoded.arrayOffset() + decoded.position(),
                        decoded.arrayOffset() + decoded.limit());
    }

    private static int skipSpace(byte[] line, int i, int end) {
        while (i < end && isSpace(line[i])) {
            i++;
        }
        return i;
    }

    /**
     * @return the index of the quote that ends a string begun before {@code i}, or -1 when the
     *     string holds an escape or a control character, or does not end
     */
    private static int plainStringEnd(byte[] line, int i, int end) {
        for (; i < end; i++) {
            byte b = line[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\' || (b >= 0 && b < 0x20)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Steps over one value of any kind without checking it (the general parse of the rest does):
     * strings with their escapes, objects and arrays to their matching end, and literals.
     *
     * @return the index just past the value, or -1 when the line ends first
     */
    private static int skipValue(byte[] line, int i, int end) {
        if (i >= end) {
            return -1;
        }
        byte first = line[i];
        if (first == '"') {
            int close = stringEnd(line, i + 1, end);
            return close < 0 ? -1 : close + 1;
        }
        if (first == '{' || first == '[') {
            int depth = 0;
            while (i < end) {
                byte b = line[i];
                if (b == '"') {
                    int close = stringEnd(line, i + 1, end);
                    if (close < 0) {
                        return -1;
                    }
                    i = close + 1;
                    continue;
                }
                if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return -1;
        }
        int start = i;
        while (i < end && line[i] != ',' && line[i] != '}' && line[i] != ']' && !isSpace(line[i])) {
            i++;
        }
        return i > start ? i : -1;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }

    /** @return the index of the quote that ends a string begun before {@code i}, escapes stepped over; or -1 */
    private static int stringEnd(byte[] line, int i, int end) {
        for (; i < end; i++) {
            byte b = line[i];
            if (b == '"') {
                return i;
            }
            if (b == '\\') {
                i++;
            }
        }
        return -1;
    }
}
