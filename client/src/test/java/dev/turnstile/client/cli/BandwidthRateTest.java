package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BandwidthRateTest {

    @ParameterizedTest
    @CsvSource({
        "1000, 1024000", "0, 0", "1.5m, 1572864", "1.5M, 1572864", "500k, 512000", "500KiB, 512000",
        "2mb, 2000000", "800000b, 800000", "1g, 1073741824", "3gb, 3000000000", ".5, 512", "100kb, 100000"})
    void aRateIsReadAsRsyncReadsIt(String text, long bytes) {
        assertEquals(bytes, BandwidthRate.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fast", "-1", "1x", "1.5.2m", "100b", "1e3", "99999999999999g"})
    void anythingElseIsRefusedWithASentence(String text) {
        assertThrows(IllegalArgumentException.class, () -> BandwidthRate.parse(text));
    }
}
