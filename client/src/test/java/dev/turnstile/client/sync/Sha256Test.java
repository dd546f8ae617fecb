package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Sha256Test {

    @Test
    void onlySixtyFourLowercaseHexDigitsAreASha256AsTheProtocolWritesIt() {
        String sha = Sha256.hex("alpha".getBytes());

        assertTrue(Sha256.isHex(sha));
        assertFalse(Sha256.isHex(sha.toUpperCase()), "upper case");
        assertFalse(Sha256.isHex(sha.substring(1)), "63 digits");
        assertFalse(Sha256.isHex(sha + "0"), "65 digits");
        assertFalse(Sha256.isHex(sha.substring(1) + "g"), "a letter past f");
        assertFalse(Sha256.isHex(sha.substring(1) + "/"), "the character before 0");
        assertFalse(Sha256.isHex(sha.substring(1) + ":"), "the character after 9");
        assertFalse(Sha256.isHex(null));
    }
}
