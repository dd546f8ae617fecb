package dev.turnstile.json;

import static dev.turnstile.json.FramerDriver.Frame.garbage;
import static dev.turnstile.json.FramerDriver.Frame.incomplete;
import static dev.turnstile.json.FramerDriver.Frame.text;
import static dev.turnstile.json.FramerDriver.Frame.tooLarge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.json.FramerDriver.Frame;
import dev.turnstile.json.JsonFramer.Result;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonFramerTest {

    private static final int LIMIT = 1 << 20;

    private static List<Frame> frameWhole(String stream) {
        return new FramerDriver(LIMIT).feed(stream).frames;
    }

    /** Frames the stream cut at every possible byte position into two reads; all must agree. */
    private static void assertFramedTheSameAtEverySplit(String stream, List<Frame> expected) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int cut = 0; cut <= bytes.length; cut++) {
            FramerDriver driver = new FramerDriver(LIMIT);
            driver.feed(Arrays.copyOfRange(bytes, 0, cut));
            driver.feed(Arrays.copyOfRange(bytes, cut, bytes.length));
            assertEquals(expected, driver.frames, "split at byte " + cut);
        }
        assertEquals(expected, new FramerDriver(LIMIT).feedBytewise(stream).frames, "one byte at a time");
    }

    private static byte[] repeat(char c, int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }

    @Test
    void oneObjectInOneReadIsOneText() {
        assertEquals(List.of(text("{\"url\":\"/ping\"}")), frameWhole("{\"url\":\"/ping\"}"));
    }

    @Test
    void aTextSplitAcrossReadsIsFramedOnlyWhenItCloses() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{\"url\":");
        assertEquals(List.of(), driver.frames);
        driver.feed("\"/ping\"");
        assertEquals(List.of(), driver.frames);
        driver.feed("}");
        assertEquals(List.of(text("{\"url\":\"/ping\"}")), driver.frames);
    }

    @Test
    void nestedObjectsAndArraysAreFramedAtEverySplitAndOneByteAtATime() {
        String request = "{\"url\":\"/echo\",\"data\":{\"list\":[1,[2,{\"x\":[]}],{}],\"n\":null}}";
        assertFramedTheSameAtEverySplit(request, List.of(text(request)));
    }

    @Test
    void anEscapedQuoteDoesNotEndAString() {
        String request = "{\"a\":\"say \\\"}\\\" now\"}";
        assertFramedTheSameAtEverySplit(request, List.of(text(request)));
    }

    @Test
    void aQuoteOrBackslashAnywhereInALongStringIsSeenWhateverItsPlaceInAWordOfEightBytes() {
        for (int at = 0; at < 24; at++) {
            String before = "x".repeat(at);
            String after = "y".repeat(23 - at);
            // A missed closing quote would swallow the next text; a missed backslash would let the
            // escaped quote close the string and the brace after it close the text early.
            String closed = "{\"a\":\"" + before + "\"}";
            String next = "{\"b\":\"" + after + "\"}";
            assertEquals(List.of(text(closed), text(next)), frameWhole(closed + next), "quote at " + at);
            String escaped = "{\"a\":\"" + before + "\\\"}" + after + "\"}";
            assertEquals(List.of(text(escaped)), frameWhole(escaped), "backslash at " + at);
        }
    }

    @Test
    void anEscapedBackslashBeforeAQuoteEndsTheString() {
        // "\\" is one backslash; the quote after it closes the string, so the brace closes the text.
        String request = "{\"a\":\"\\\\\"}{\"b\":\"\\\\\\\\\\\"\"}";
        assertFramedTheSameAtEverySplit(request, List.of(text("{\"a\":\"\\\\\"}"), text("{\"b\":\"\\\\\\\\\\\"\"}")));
    }

    @Test
    void bracketsInsideStringsDoNotCount() {
        String request = "{\"a\":\"}}]]{{[[\",\"b\":[\"]\"],\"c\":\"{\"}";
        assertFramedTheSameAtEverySplit(request, List.of(text(request)));
    }

    @Test
    void bracketsInsideMemberNamesDoNotCount() {
        String request = "{\"}\":1,\"[\":{\"]\":2}}";
        assertFramedTheSameAtEverySplit(request, List.of(text(request)));
    }

    @Test
    void multiByteCharactersSplitAcrossReadsArriveIntact() {
        // Two-, three- and four-byte UTF-8 characters; every split cuts some of them.
        String request = "{\"name\":\"é€😀\",\"\uD83D\uDE00\":\"ü\"}";
        assertFramedTheSameAtEverySplit(request, List.of(text(request)));
    }

    @Test
    void whitespaceBetweenTextsIsIgnored() {
        String stream = " \t\r\n{\"a\":1} \t\r\n\n{\"b\":2}\r\n";
        assertFramedTheSameAtEverySplit(stream, List.of(text("{\"a\":1}"), text("{\"b\":2}")));
    }

    @Test
    void whitespaceInsideATextIsKept() {
        String request = "{ \"a\" :\t[ 1 ,\r\n 2 ] }";
        assertEquals(List.of(text(request)), frameWhole(request));
    }

    @Test
    void textsNeedNoDelimiter() {
        assertFramedTheSameAtEverySplit("{\"a\":1}{\"b\":2}[3]", List.of(text("{\"a\":1}"), text("{\"b\":2}"), text("[3]")));
    }

    @Test
    void aTopLevelArrayIsFramedAsATextForTheDecoderToRefuse() {
        assertEquals(List.of(text("[{\"url\":\"/ping\"}]")), frameWhole("[{\"url\":\"/ping\"}]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "42", "-1.5e3", "\"/ping\"", "}", "]", "true", "null", "hello {\"a\":1}", "\u00e9t\u00e9"})
    void aLineThatIsNotJsonIsOneGarbageUpToTheLineFeedAndTheNextTextIsStillFramed(String line) {
        String stream = line + "\n{\"url\":\"/ping\"}";
        assertFramedTheSameAtEverySplit(stream, List.of(garbage(line), text("{\"url\":\"/ping\"}")));
    }

    @Test
    void garbageKeepsItsCarriageReturnButNotItsLineFeed() {
        assertEquals(List.of(garbage("hello\r"), text("{}")), frameWhole("hello\r\n{}"));
    }

    @Test
    void aValidTextAfterGarbageOnTheSameLineBelongsToTheGarbage() {
        String stream = "oops {\"a\":1} {\"b\":2}\n{\"c\":3}";
        assertEquals(List.of(garbage("oops {\"a\":1} {\"b\":2}"), text("{\"c\":3}")), frameWhole(stream));
    }

    @Test
    void garbageBetweenTwoTextsIsReportedInOrder() {
        assertEquals(List.of(text("{\"a\":1}"), garbage("x"), text("{\"b\":2}")), frameWhole("{\"a\":1}x\n{\"b\":2}"));
    }

    @Test
    void aTextOfExactlyTheLimitIsFramed() {
        String request = "{\"a\":\"xxxxxxxxxx\"}";
        FramerDriver driver = new FramerDriver(request.length());
        driver.feed(request);
        assertEquals(List.of(text(request)), driver.frames);
    }

    @Test
    void aTextOneByteOverTheLimitIsTooLarge() {
        String request = "{\"a\":[1,2,3,4,5]}";
        FramerDriver driver = new FramerDriver(request.length() - 1);
        driver.feed(request);
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void anArrayWhoseClosingBracketIsTheByteAfterTheLimitIsTooLargeEvenByteByByte() {
        String request = "[[1],[2],[3]]";
        FramerDriver driver = new FramerDriver(request.length() - 1);
        driver.feedBytewise(request);
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void aLongStringIsTooLargeAsSoonAsTheByteAfterTheLimitArrives() {
        int limit = 100;
        FramerDriver driver = new FramerDriver(limit);
        driver.feed("{\"a\":\"");
        driver.feed(repeat('x', limit - 6));
        assertEquals(List.of(), driver.frames, "exactly at the limit, the text may still close");
        driver.feed("y");
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void aLongStringInOneReadIsTooLargeWithoutEndingTheString() {
        FramerDriver driver = new FramerDriver(64);
        driver.feed("{\"a\":\"" + "x".repeat(1000) + "\"}");
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void aStringEndingExactlyAtTheLimitIsFramed() {
        String request = "{\"a\":\"" + "x".repeat(50) + "\"}";
        FramerDriver driver = new FramerDriver(request.length());
        driver.feed(request + request);
        assertEquals(List.of(text(request), text(request)), driver.frames, "the limit counts from each text's start");
    }

    @Test
    void garbageOfExactlyTheLimitIsOneGarbage() {
        FramerDriver driver = new FramerDriver(10);
        driver.feed("0123456789\n{}");
        assertEquals(List.of(garbage("0123456789"), text("{}")), driver.frames);
    }

    @Test
    void garbageOverTheLimitIsTooLarge() {
        FramerDriver driver = new FramerDriver(10);
        driver.feed("0123456789A");
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void whitespaceBeforeATextDoesNotCountTowardsTheLimit() {
        FramerDriver driver = new FramerDriver(8);
        driver.feed(" ".repeat(100) + "\n\n{\"a\":12}");
        assertEquals(List.of(text("{\"a\":12}")), driver.frames);
    }

    @Test
    void aLowerLimitAppliesToTheTextInProgress() {
        FramerDriver driver = new FramerDriver(1000);
        driver.feed("{\"a\":\"xxxx");
        driver.framer.limit(10);
        driver.feed("x");
        assertEquals(List.of(tooLarge()), driver.frames);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new JsonFramer(0));
        assertThrows(IllegalArgumentException.class, () -> new JsonFramer(1).limit(-5));
    }

    @Test
    void finishReportsAnUnterminatedGarbageLineAsGarbage() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{}hello");
        assertEquals(Result.GARBAGE, driver.finish());
        assertEquals(List.of(text("{}"), garbage("hello")), driver.frames);
    }

    @Test
    void finishReportsAnUnfinishedObjectAsIncomplete() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{\"a\":{\"b\":");
        assertEquals(Result.INCOMPLETE, driver.finish());
        assertEquals(List.of(incomplete("{\"a\":{\"b\":")), driver.frames);
    }

    @Test
    void finishReportsAnUnfinishedStringAsIncomplete() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{\"a\":\"}\\");
        assertEquals(Result.INCOMPLETE, driver.finish());
        assertEquals(List.of(incomplete("{\"a\":\"}\\")), driver.frames);
    }

    @Test
    void finishNeedsNothingWhenOnlyWhitespaceIsLeft() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{\"a\":1}\n \t\r\n");
        assertEquals(Result.NEED_MORE, driver.finish());
        assertEquals(List.of(text("{\"a\":1}")), driver.frames);
    }

    @Test
    void finishOnAnEmptyStreamNeedsNothing() {
        assertEquals(Result.NEED_MORE, new JsonFramer(LIMIT).finish());
    }

    @Test
    void compactingWithRetainFromAndShiftKeepsFramingCorrect() {
        FramerDriver driver = new FramerDriver(LIMIT);
        driver.feed("{\"a\":1}  {\"b\":[");
        assertEquals(9, driver.framer.retainFrom(), "the unfinished text starts after the blanks");
        driver.compact();
        assertEquals(0, driver.framer.retainFrom());
        assertEquals(6, driver.length());
        driver.feed("2]}\n\n");
        assertEquals(List.of(text("{\"a\":1}"), text("{\"b\":[2]}")), driver.frames);
        assertEquals(0, driver.framer.start(), "positions are relative to the compacted buffer");
        assertEquals(driver.length(), driver.framer.retainFrom(), "between texts the trailing blanks may be dropped");
        driver.compact().feed("{\"c\":\"}\"}");
        assertEquals(text("{\"c\":\"}\"}"), driver.frames.get(2));
    }

    @Test
    void compactingInTheMiddleOfGarbageKeepsTheWholeLine() {
        FramerDriver driver = new FramerDriver(LIMIT);
        driver.feed("{}not");
        driver.compact();
        driver.feed(" json\n{}");
        assertEquals(List.of(text("{}"), garbage("not json"), text("{}")), driver.frames);
    }

    @Test
    void compactingAfterEveryByteKeepsFramingCorrect() {
        String stream = "{\"a\":\"\\\"}\"} x\n [\"é😀\"]";
        FramerDriver driver = new FramerDriver(LIMIT);
        for (byte b : stream.getBytes(StandardCharsets.UTF_8)) {
            driver.feed(new byte[] {b}).compact();
        }
        assertEquals(List.of(text("{\"a\":\"\\\"}\"}"), garbage("x"), text("[\"é😀\"]")), driver.frames);
    }

    @Test
    void shiftingPastWhatTheFramerStillNeedsIsRefused() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{}{\"a\"");
        assertThrows(IllegalArgumentException.class, () -> driver.framer.shift(3));
        assertThrows(IllegalArgumentException.class, () -> driver.framer.shift(-1));
    }

    @Test
    void bytesAlreadyScannedAreNeverScannedAgain() {
        // After each read the bytes already scanned are overwritten with quotes and braces: a framer
        // that rescanned them would lose its place in the string or close the text early.
        String request = "{\"a\":\"" + "x".repeat(200) + "\",\"b\":[{\"c\":\"\\\"\"}]}";
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        JsonFramer framer = new JsonFramer(LIMIT);
        byte[] buf = new byte[bytes.length];
        for (int i = 0; i < bytes.length - 1; i++) {
            buf[i] = bytes[i];
            assertEquals(Result.NEED_MORE, framer.next(buf, i + 1), "after byte " + i);
            Arrays.fill(buf, 0, i + 1, (byte) (i % 2 == 0 ? '"' : '}'));
        }
        buf[bytes.length - 1] = bytes[bytes.length - 1];
        assertEquals(Result.TEXT, framer.next(buf, bytes.length));
        assertEquals(0, framer.start());
        assertEquals(bytes.length, framer.end());
    }

    @Test
    void bytesAlreadyScannedInLargeReadsAreNeverScannedAgain() {
        String request = "{\"a\":\"" + "y".repeat(5000) + "\"}";
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        JsonFramer framer = new JsonFramer(LIMIT);
        byte[] buf = new byte[bytes.length];
        int chunk = 777;
        int filled = 0;
        while (filled + chunk < bytes.length) {
            System.arraycopy(bytes, filled, buf, filled, chunk);
            filled += chunk;
            assertEquals(Result.NEED_MORE, framer.next(buf, filled));
            Arrays.fill(buf, 0, filled, (byte) '"');
        }
        System.arraycopy(bytes, filled, buf, filled, bytes.length - filled);
        assertEquals(Result.TEXT, framer.next(buf, bytes.length));
        assertEquals(bytes.length, framer.end());
    }
}
