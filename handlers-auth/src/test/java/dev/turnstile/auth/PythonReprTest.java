package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each expected value is what Python 3.11's {@code repr()} printed for the same string. */
class PythonReprTest {

    @Test
    void singleQuotesAreUsedUnlessTheTextHoldsOnlySingleQuotes() {
        assertEquals("'plain'", PythonRepr.of("plain"));
        assertEquals("\"it's\"", PythonRepr.of("it's"));
        assertEquals("'say \"hi\"'", PythonRepr.of("say \"hi\""));
        assertEquals("'\\' and \"'", PythonRepr.of("' and \""));
    }

    @Test
    void backslashTabNewlineAndCarriageReturnGetTheirShortEscapes() {
        assertEquals("'back\\\\slash'", PythonRepr.of("back\\slash"));
        assertEquals("'\\t\\n\\r'", PythonRepr.of("\t\n\r"));
    }

    @Test
    void asciiSpaceIsPrintableButOtherSpaceSeparatorsAreNot() {
        assertEquals("'a b'", PythonRepr.of("a b"));
        assertEquals("'\\xa0\\u3000'", PythonRepr.of("\u00a0\u3000"));
    }

    @Test
    void controlAndFormatCharactersAreEscapedInLowerCaseHex() {
        assertEquals("'\\x00\\x1b\\x7f'", PythonRepr.of("\u0000\u001b\u007f"));
        assertEquals("'\\x85\\xad'", PythonRepr.of("\u0085\u00ad"));
        assertEquals("'\\u200b\\u2028\\u2029'", PythonRepr.of("\u200b\u2028\u2029"));
    }

    @Test
    void privateUseAndUnassignedCodePointsAreEscaped() {
        assertEquals("'\\ue000\\u0378'", PythonRepr.of("\ue000\u0378"));
    }

    @Test
    void nonPrintablesBeyondTheBasicPlaneUseTheEightDigitEscape() {
        assertEquals("'\\U000e0001'", PythonRepr.of(new String(Character.toChars(0xE0001))));
        assertEquals("'\\U000f0000'", PythonRepr.of(new String(Character.toChars(0xF0000))));
    }

    @Test
    void loneSurrogatesAreOneEscapedCodePointEach() {
        assertEquals("'\\ud800'", PythonRepr.of("\ud800"));
        assertEquals("'\\udc00x'", PythonRepr.of("\udc00x"));
        assertEquals("'a\\ud83d'", PythonRepr.of("a\ud83d"));
    }

    @Test
    void printableNonAsciiIsKeptAsItIs() {
        assertEquals("'café 日本 \ud83d\ude00'", PythonRepr.of("café 日本 \ud83d\ude00"));
    }
}
