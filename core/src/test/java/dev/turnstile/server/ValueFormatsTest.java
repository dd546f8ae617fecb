package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueFormatsTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "300, 300", "90s, 90", "5m, 300", "1h, 3600", "8760h, 31536000"})
    void timeoutsAreSecondsWithAnOptionalUnit(String text, long seconds) {
        assertEquals(Duration.ofSeconds(seconds), ValueFormats.timeout(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "1.5", "5d", "5 m", "1H", "m", "8761h", "99999999999999"})
    void timeoutsOutsideTheFormatAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.timeout(text));
        assertEquals("expected whole seconds (300) or a number with s, m or h (90s, 5m, 1h), at most 365 days;"
                + " 0 means no timeout", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"64, 64", "65536, 65536", "64KiB, 65536", "4MiB, 4194304", "4mib, 4194304", "1024MiB, 1073741824"})
    void sizesAreBytesWithAnOptionalBinaryUnit(String text, int bytes) {
        assertEquals(bytes, ValueFormats.size(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "63", "1025MiB", "4MB", "4M", "4 MiB", "-1", "1e6", "99999999999999"})
    void sizesOutsideTheFormatOrRangeAreRefused(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ValueFormats.size(text));
        assertEquals("expected bytes (65536) or a number with KiB or MiB (64KiB, 4MiB), from 64 bytes to 1024MiB",
                e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "8888, 8888", "65535, 65535"})
    void portsAreWholeNumbersUpTo65535(String text, int port) {
        assertEquals(port, ValueFormats.port(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "65536", "-1", "+80", "80.0", "0x50"})
    void portsOutsideTheRangeAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.port(text));
    }

    @Test
    void busyPolicyIsRejectOrQueueInAnyCase() {
        assertEquals(BusyPolicy.REJECT, ValueFormats.busy("reject"));
        assertEquals(BusyPolicy.QUEUE, ValueFormats.busy("QUEUE"));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.busy("wait"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0", "::1", "[::1]", "fe80::1%eth0", "localhost", "my-host.example"})
    void hostsAreAddressesOrNames(String text) {
        assertEquals(text, ValueFormats.host(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "two words", "host/24", "tab\there"})
    void hostsWithOtherCharactersAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.host(text));
    }

    @Test
    void blankPathsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.path("  "));
        assertThrows(IllegalArgumentException.class, () -> ValueFormats.path("nul\0byte"));
    }
}
