package dev.turnstile.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.json.FramerDriver.Frame;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
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
 * its buffer, the framer hands back exactly the texts that were sent, byte for byte, in order.
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

    @Provide
    Arbitrary<String> separators() {
        return Arbitraries.of("", "", " ", "\n", "\r\n", "\t", " \t\r\n \n", "\n\n\n");
    }
}
