package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.json.FramerDriver.Frame;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * However a stream of valid JSON texts is cut into reads, and however often the caller compacts
 * its buffer, the framer hands back exactly the texts that were sent, byte for byte, in order; and
 * so it does for texts that carry attachments, whose bytes (random, full of braces, quotes,
 * newlines and invalid UTF-8) come back whole and are never taken for a text.
 *
 * <p>Named {@code *Test} so that surefire's default includes run it with the other unit tests.
 */
class JsonFramerPropertiesTest {

    private static final int TRIES = 300;
    // Json.createReader looks the provider up on every call; one factory keeps the tries fast.
    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

    @Property(tries = TRIES)
    void textsWithoutSeparatorsAreFramedExactlyWhateverTheSplit(
            @ForAll("texts") List<String> texts,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 24) Integer> chunkSizes,
            @ForAll @Size(max = 40) List<Boolean> compactAfterChunk) {
        assertFramedExactly(texts, texts.stream().map(t -> "").toList(), chunkSizes, compactAfterChunk);
    }

    @Property(tries = TRIES)
    void textsSeparatedByWhitespaceAreFramedExactlyWhateverTheSplit(
            @ForAll("texts") List<String> texts,
            @ForAll @Size(max = 10) List<@From("separators") String> separators,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 24) Integer> chunkSizes,
            @ForAll @Size(max = 40) List<Boolean> compactAfterChunk) {
        assertFramedExactly(texts, separators, chunkSizes, compactAfterChunk);
    }

    @Property(tries = 100)
    void textsFedOneByteAtATimeAreFramedExactly(@ForAll("texts") List<String> texts) {
        assertFramedExactly(texts, List.of("\n"), List.of(1), List.of(true, false, false));
    }

    @Property(tries = TRIES)
    void textsWithAttachmentsAreFramedExactlyWhateverTheSplit(
            @ForAll("texts") List<String> texts,
            @ForAll @Size(min = 1, max = 6) List<@From("attachments") byte[]> attachments,
            @ForAll @Size(max = 10) List<@From("separators") String> separators,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 24) Integer> chunkSizes,
            @ForAll @Size(max = 40) List<Boolean> compactAfterChunk) {
        assertFramedExactlyWithAttachments(texts, attachments, separators, chunkSizes, compactAfterChunk);
    }

    @Property(tries = 100)
    void textsWithAttachmentsFedOneByteAtATimeAreFramedExactly(@ForAll("texts") List<String> texts,
            @ForAll @Size(min = 1, max = 6) List<@From("attachments") byte[]> attachments) {
        assertFramedExactlyWithAttachments(texts, attachments, List.of("\n"), List.of(1), List.of(true, false, false));
    }

    /**
     * Every other text (cycling) announces one of {@code attachments} (cycled) as its first member
     * and is followed by LF or CRLF and the attachment's bytes; the others are followed by a
     * separator. Then as {@link #assertFramedExactly}.
     */
    private static void assertFramedExactlyWithAttachments(List<String> texts, List<byte[]> attachments,
            List<String> separators, List<Integer> chunkSizes, List<Boolean> compactAfterChunk) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<Frame> expected = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            assertValidJson(text);
            if (i % 2 == 0) {
                byte[] attachment = attachments.get(i / 2 % attachments.size());
                String announcing = "{\"attachment\":" + attachment.length + ",\"value\":" + text + "}";
                stream.writeBytes(announcing.getBytes(StandardCharsets.UTF_8));
                stream.writeBytes((i % 4 == 0 ? "\n" : "\r\n").getBytes(StandardCharsets.US_ASCII));
                stream.writeBytes(attachment);
                expected.add(Frame.text(announcing));
                expected.add(Frame.attachment(attachment));
            } else {
                stream.writeBytes(text.getBytes(StandardCharsets.UTF_8));
                expected.add(Frame.text(text));
            }
            if (!separators.isEmpty()) {
                stream.writeBytes(separators.get(i % separators.size()).getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] bytes = stream.toByteArray();
        FramerDriver driver = feed(bytes, chunkSizes, compactAfterChunk);
        assertEquals(JsonFramer.Result.NEED_MORE, driver.finish(), "nothing may be left over");
        assertEquals(expected, driver.frames);
    }

    private static FramerDriver feed(byte[] bytes, List<Integer> chunkSizes, List<Boolean> compactAfterChunk) {
        FramerDriver driver = new FramerDriver(bytes.length + 1);
        int offset = 0;
        for (int chunk = 0; offset < bytes.length; chunk++) {
            int size = Math.min(chunkSizes.get(chunk % chunkSizes.size()), bytes.length - offset);
            driver.feed(Arrays.copyOfRange(bytes, offset, offset + size));
            offset += size;
            if (!compactAfterChunk.isEmpty() && compactAfterChunk.get(chunk % compactAfterChunk.size())) {
                driver.compact();
            }
        }
        return driver;
    }

    /**
     * Sends each text followed by a separator (cycling through {@code separators}), cuts the
     * stream into chunks (cycling through {@code chunkSizes}) and compacts after the chunks that
     * {@code compactAfterChunk} (cycled) says.
     */
    private static void assertFramedExactly(List<String> texts, List<String> separators, List<Integer> chunkSizes,
            List<Boolean> compactAfterChunk) {
        texts.forEach(JsonFramerPropertiesTest::assertValidJson);
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            stream.append(texts.get(i));
            if (!separators.isEmpty()) {
                stream.append(separators.get(i % separators.size()));
            }
        }
        byte[] bytes = stream.toString().getBytes(StandardCharsets.UTF_8);
        FramerDriver driver = feed(bytes, chunkSizes, compactAfterChunk);
        assertEquals(JsonFramer.Result.NEED_MORE, driver.finish(), "nothing may be left over");
        List<Frame> expected = texts.stream().map(Frame::text).toList();
        assertEquals(expected, driver.frames);
    }

    private static void assertValidJson(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            reader.readValue();
        }
    }

    @Provide
    Arbitrary<List<String>> texts() {
        Arbitrary<String> text = Arbitraries.randomValue(random -> new RandomJson(random).text(3));
        return text.list().ofMinSize(1).ofMaxSize(6);
    }

    /** Random bytes, mostly the ones a framer could mistake: brackets, quotes, backslashes, blanks, broken UTF-8. */
    @Provide
    Arbitrary<byte[]> attachments() {
        byte[] tricky = {'{', '}', '[', ']', '"', '\\', '\n', '\r', ' ', ':', ',', 0, (byte) 0xFF, (byte) 0xC3, (byte) 0x80,
            (byte) 0xED, (byte) 0xF0};
        Arbitrary<Byte> oneByte = Arbitraries.oneOf(Arbitraries.of(toObjects(tricky)), Arbitraries.bytes());
        return oneByte.list().ofMaxSize(40).map(list -> {
            byte[] bytes = new byte[list.size()];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = list.get(i);
            }
            return bytes;
        });
    }

    private static Byte[] toObjects(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", "", " ", "\n", "\r\n", "\t", " \t\r\n \n", "\n\n\n");
    }
}
