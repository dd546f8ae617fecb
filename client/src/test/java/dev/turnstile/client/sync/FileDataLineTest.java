package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.JsonMaps;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The byte-level reading of /get_file_data answers: it must agree with the general parse on every
 * line it reads, and hand every line it cannot read exactly back to the general parse.
 */
class FileDataLineTest {

    private static final String SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final byte[] BYTES = new byte[3000];

    static {
        new Random(7).nextBytes(BYTES);
    }

    private static final String DATA = Base64.getEncoder().encodeToString(BYTES);

    /** The answer as our server writes it: code first, no spaces, data between offset and size. */
    private static String serverLine(String data) {
        return "{\"code\":200,\"path\":\"/d/a.bin\",\"offset\":0,\"data\":\"" + data
                + "\",\"size\":3000,\"mtime\":1700000000123,\"sha256\":\"" + SHA + "\",\"eof\":true}";
    }

    private static Chunk fast(String line) throws IOException {
        return fast(line, 3000);
    }

    private static Chunk fast(String line, int length) throws IOException {
        // Placed inside a larger buffer, as the client's reader hands it over.
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        byte[] buffer = new byte[bytes.length + 20];
        System.arraycopy(bytes, 0, buffer, 7, bytes.length);
        buffer[6] = '}';
        buffer[7 + bytes.length] = '\n';
        return FileDataLine.read("/d/a.bin", 0, length, buffer, 7, bytes.length);
    }

    private static Chunk general(String line) throws IOException {
        return FileDataCall.chunk("/d/a.bin", 0, 3000, JsonMaps.parseObject(line));
    }

    @Test
    void theServersAnswerIsReadFromItsBytesAsTheGeneralParseReadsIt() throws IOException {
        Chunk chunk = fast(serverLine(DATA));

        assertArrayEquals(BYTES, chunk.data());
        assertEquals(new FileEntry("/d/a.bin", 3000, 1_700_000_000_123L, SHA), chunk.file());
        assertEquals(general(serverLine(DATA)).file(), chunk.file());
        assertArrayEquals(general(serverLine(DATA)).data(), chunk.data());
    }

    @Test
    void anyMemberOrderSpacesAndNestedValuesAreReadToo() throws IOException {
        String line = "{ \"code\" : 200 , \"extra\" : {\"data\": [1, \"x\\\"]}\", {\"y\": null}]},\n\"sha256\":\"" + SHA
                + "\", \"data\" :\t\"" + DATA + "\" ,\"mtime\":1700000000123,\"size\":3000,\"offset\":0,"
                + "\"path\":\"/d/a.bin\",\"note\":\"caf\u00e9 \\u00e9\",\"eof\":true }  ";

        Chunk chunk = fast(line);

        assertArrayEquals(BYTES, chunk.data());
        assertEquals(general(line).file(), chunk.file());
    }

    @Test
    void escapesInTheDataOrItsNameGoTheGeneralWay() throws IOException {
        String escapedSlash = serverLine(DATA.replace("/", "\\/"));
        String escapedName = serverLine(DATA).replace("\"data\"", "\"d\\u0061ta\"");

        assertNull(fast(escapedSlash));
        assertNull(fast(escapedName));
        // ...where they are read correctly.
        assertArrayEquals(BYTES, general(escapedSlash).data());
        assertArrayEquals(BYTES, general(escapedName).data());
    }

    @Test
    void linesItCannotReadExactlyGoTheGeneralWay() throws IOException {
        assertNull(fast(serverLine(DATA).replace(",\"size\"", ",\"data\":\"AAAA\",\"size\"")), "data twice");
        assertNull(fast(serverLine(DATA).replace("\"data\":\"" + DATA + "\"", "\"data\":null")), "data not a string");
        assertNull(fast(serverLine(DATA).replace("\"data\":\"" + DATA + "\",", "")), "no data");
        assertNull(fast(serverLine(DATA).replace("\"eof\":true}", "\"eof\":tru}")), "not JSON after the data");
        assertNull(fast(serverLine(DATA).replace("\"eof\":true}", "\"eof\":true")), "not ended");
        assertNull(fast(serverLine(DATA) + "{}"), "more after the object");
        assertNull(fast(serverLine(DATA.substring(0, 100) + "\u0001" + DATA.substring(100))), "a control character");
        assertNull(fast("[" + serverLine(DATA) + "]"), "not an object");
        assertNull(fast("{\"code\":200,\"data\":\"" + DATA), "cut off inside the data");
    }

    @Test
    void dataThatIsNotBase64IsRefusedAsTheGeneralParseRefusesIt() {
        for (String bad : new String[] {DATA.substring(1), "!!!!" + DATA, DATA + "=", DATA.replace('A', '\u00e9')}) {
            IOException fast = assertThrows(IOException.class, () -> fast(serverLine(bad)));
            IOException general = assertThrows(IOException.class, () -> general(serverLine(bad)));
            assertEquals(general.getMessage(), fast.getMessage());
        }
    }

    @Test
    void aFullChunksWorthOfTextThatIsNotBase64OrEndsEarlyIsNotTakenForAChunk() throws IOException {
        String star = DATA.substring(0, 100) + "*" + DATA.substring(101);
        String quote = DATA.substring(0, 100) + "\"" + DATA.substring(101);

        IOException refused = assertThrows(IOException.class, () -> fast(serverLine(star)));
        assertTrue(refused.getMessage().contains("not base64"), refused.getMessage());
        assertNull(fast(serverLine(quote)), "not JSON: handed back");
    }

    @Test
    void anAnswerThatDoesNotFitTheRequestIsRefused() {
        IOException shortData = assertThrows(IOException.class, () -> fast(serverLine(DATA.substring(4))));
        assertTrue(shortData.getMessage().contains("holds 2997 bytes, not 3000"), shortData.getMessage());
        assertThrows(IOException.class, () -> fast(serverLine(DATA).replace("\"/d/a.bin\"", "\"/d/b.bin\"")));
        assertThrows(IOException.class, () -> fast(serverLine(DATA).replace("\"offset\":0", "\"offset\":1")));
        assertThrows(IOException.class, () -> fast(serverLine(DATA).replace(SHA, "XYZ")));
        assertThrows(IOException.class, () -> fast(serverLine(DATA).replace(",\"mtime\":1700000000123", "")));
        assertThrows(IOException.class, () -> fast(serverLine(DATA), 1000), "more bytes than asked for");
    }

    @Test
    void anEmptyChunkAtTheEndIsRead() throws IOException {
        String line = "{\"code\":200,\"path\":\"/d/a.bin\",\"offset\":3000,\"data\":\"\",\"size\":3000,"
                + "\"mtime\":1700000000123,\"sha256\":\"" + SHA + "\",\"eof\":true}";
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);

        assertEquals(0, FileDataLine.read("/d/a.bin", 3000, 1024, bytes, 0, bytes.length).data().length);
    }

    @Test
    void randomCutsAndEditsOfAnAnswerAreEitherReadAsTheGeneralParseReadsThemOrHandedBack() {
        Random random = new Random(11);
        String good = serverLine(Base64.getEncoder().encodeToString(new byte[30]))
                .replace("3000", "30");
        String alphabet = "{}[]\",:\\ 0a/=A";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder line = new StringBuilder(good);
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(line.length());
                switch (random.nextInt(3)) {
                    case 0 -> line.deleteCharAt(at);
                    case 1 -> line.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    default -> line.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = line.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            Object fast = outcome(() -> FileDataLine.read("/d/a.bin", 0, 30, bytes, 0, bytes.length));
            if (fast == null) {
                continue;
            }
            Object general = outcome(() -> FileDataCall.chunk("/d/a.bin", 0, 30, JsonMaps.parseObject(text)));
            assertEquals(general, fast, text);
        }
    }

    private interface Read {
        Chunk read() throws IOException;
    }

    /** @return null when handed back, the error's message, or the chunk's file and bytes */
    private static Object outcome(Read read) {
        try {
            Chunk chunk = read.read();
            return chunk == null ? null : chunk.file() + " " + Base64.getEncoder().encodeToString(chunk.data());
        } catch (IOException e) {
            return "error: " + e.getMessage();
        } catch (IllegalArgumentException e) {
            return "not JSON";
        }
    }
}
