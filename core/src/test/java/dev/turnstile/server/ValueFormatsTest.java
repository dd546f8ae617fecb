package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One format per kind, for core's settings and the plugins' alike. */
class ValueFormatsTest {

    private static final Setting<Duration> TIME = Setting.duration("a-time", "A time", "300", Duration.ZERO,
            Duration.ofDays(365));
    private static final Setting<Long> SIZE = Setting.size("a-size", "A size", "1MiB", 64, 1024L * 1024 * 1024);
    private static final Setting<Long> COUNT = Setting.integer("a-count", "A count", 3, -5, 65535);
    private static final Setting<Boolean> FLAG = Setting.bool("a-flag", "A flag", false);
    private static final Setting<String> WORD = Setting.oneOf("a-word", "A word", "connection", "connection", "address");
    private static final Setting<Path> PATH = Setting.path("a-path", "A path", "share");
    private static final Setting<Path> OPTIONAL_PATH = Setting.path("a-file", "A file", "");
    private static final Setting<String> TEXT = Setting.text("a-text", "A text", "hello");

    @ParameterizedTest
    @CsvSource({"0, 0", "300, 300000", "90s, 90000", "5m, 300000", "1h, 3600000", "2d, 172800000", "50ms, 50",
        "8760h, 31536000000", "365d, 31536000000"})
    void timesAreSecondsOrANumberWithAUnit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), ValueFormats.parse(TIME, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1.5", "5 m", "1H", "5w", "m", "366d", "8761h", "999999999999999999"})
    void timesOutsideTheFormatOrBoundsAreRefusedSayingWhatIsExpected(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(TIME, text));
        assertEquals("expected whole seconds (300) or a number with ms, s, m, h or d (50ms, 90s, 5m), from 0 to 365d",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"64, 64", "65536, 65536", "64KiB, 65536", "4MiB, 4194304", "4mib, 4194304", "1024MiB, 1073741824",
        "1GiB, 1073741824"})
    void sizesAreBytesOrANumberWithABinaryUnit(String text, long bytes) {
        assertEquals(bytes, ValueFormats.parse(SIZE, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"63", "1025MiB", "2GiB", "4MB", "4M", "4 MiB", "-1", "1e6", "999999999999999999"})
    void sizesOutsideTheFormatOrBoundsAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(SIZE, text));
        assertEquals("expected bytes (65536) or a number with KiB, MiB or GiB (64KiB, 4MiB), from 64 bytes to 1GiB",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "-5, -5", " 8888 , 8888", "65535, 65535"})
    void integersAreWholeNumbersWithinTheirBounds(String text, long value) {
        assertEquals(value, ValueFormats.parse(COUNT, text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "65536", "-6", "+80", "80.0", "0x50"})
    void integersOutsideTheirBoundsOrFormatAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(COUNT, text));
        assertEquals("expected a whole number from -5 to 65535", e.getMessage());
    }

    @Test
    void booleansAreTrueOrFalseInAnyCase() {
        assertEquals(true, ValueFormats.parse(FLAG, "TRUE"));
        assertEquals(false, ValueFormats.parse(FLAG, "False"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(FLAG, "maybe"));
        assertEquals("expected true or false", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(FLAG, "yes"));
    }

    @Test
    void wordsAreOneOfTheDeclaredInAnyCaseAndGiveTheDeclaredWord() {
        assertEquals("address", ValueFormats.parse(WORD, "ADDRESS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(WORD, "ip"));
        assertEquals("expected connection or address", e.getMessage());
        assertEquals("expected a, b or c", ValueFormats.expected(Setting.oneOf("x", "X", "a", "a", "b", "c")));
    }

    @Test
    void pathsAreKeptAsWrittenAndTextLosesItsSurroundingSpaces() {
        assertEquals(Path.of("share/docs"), ValueFormats.parse(PATH, " share/docs "));
        assertEquals("hi there", ValueFormats.parse(TEXT, "  hi there "));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(PATH, "nul\0byte"));
    }

    @Test
    void aBlankValueIsNotSetWhereTheDefaultIsEmptyAndRefusedElsewhere() {
        assertNull(ValueFormats.parse(OPTIONAL_PATH, "  "));
        assertNull(ValueFormats.parse(Setting.secret("a-secret", "A secret"), ""));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(PATH, " "));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.parse(TIME, ""));
    }

    @Test
    void valuesGivenInCodeAreHeldToTheSameBounds() {
        assertEquals(Duration.ofMillis(1), ValueFormats.check(TIME, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.check(TIME, Duration.ofDays(400)));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.check(TIME, Duration.ofSeconds(Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.check(SIZE, 1L));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.check(WORD, "ip"));
    }

    @Test
    void eachKindHasAPlaceholderForHelp() {
        assertEquals("TIME", ValueFormats.placeholder(TIME));
        assertEquals("SIZE", ValueFormats.placeholder(SIZE));
        assertEquals("NUMBER", ValueFormats.placeholder(COUNT));
        assertEquals("true|false", ValueFormats.placeholder(FLAG));
        assertEquals("connection|address", ValueFormats.placeholder(WORD));
        assertEquals("PATH", ValueFormats.placeholder(PATH));
        assertEquals("TEXT", ValueFormats.placeholder(TEXT));
    }

    @Test
    void blankOrInvalidPathsOutsideSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.path("  "));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.path("nul\0byte"));
    }
}
