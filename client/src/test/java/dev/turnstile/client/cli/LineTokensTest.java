package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LineTokensTest {

    @Test
    void wordsAreSplitAtWhitespace() {
        assertEquals(List.of("/echo", "data=1", "id=2"), LineTokens.split("  /echo   data=1\tid=2 "));
    }

    @Test
    void whitespaceInsideAJsonStringOrBracketsStaysInTheWord() {
        assertEquals(List.of("/echo", "data={\"a\": [1, 2]}", "note=\"two words\""),
                LineTokens.split("/echo data={\"a\": [1, 2]} note=\"two words\""));
    }

    @Test
    void anEscapedQuoteDoesNotEndTheString() {
        assertEquals(List.of("/echo", "data=\"say \\\" hi\"", "x=1"), LineTokens.split("/echo data=\"say \\\" hi\" x=1"));
    }

    @Test
    void aStrayClosingBracketDoesNotSwallowTheRestOfTheLine() {
        assertEquals(List.of("/echo", "data=]", "x=1"), LineTokens.split("/echo data=] x=1"));
    }
}
