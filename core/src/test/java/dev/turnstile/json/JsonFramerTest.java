package dev.turnstile.json;

import static dev.turnstile.json.FramerDriver.Frame.attachment;
import static dev.turnstile.json.FramerDriver.Frame.garbage;
import static dev.turnstile.json.FramerDriver.Frame.incomplete;
import static dev.turnstile.json.FramerDriver.Frame.noNewline;
import static dev.turnstile.json.FramerDriver.Frame.text;
import static dev.turnstile.json.FramerDriver.Frame.tooLarge;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertFramedTheSameAtEverySplit(stream.getBytes(StandardCharsets.UTF_8), expected, LIMIT);
    }

    /** As above for any bytes, with any limit; also one byte at a time with a compaction after each. */
    private static void assertFramedTheSameAtEverySplit(byte[] bytes, List<Frame> expected, int limit) {
        for (int cut = 0; cut <= bytes.length; cut++) {
            FramerDriver driver = new FramerDriver(limit);
            driver.feed(Arrays.copyOfRange(bytes, 0, cut));
            if (!driver.stuck()) {
                driver.feed(Arrays.copyOfRange(bytes, cut, bytes.length));
            }
            assertEquals(expected, driver.frames, "split at byte " + cut);
        }
        FramerDriver bytewise = new FramerDriver(limit);
        FramerDriver compacted = new FramerDriver(limit);
        for (int i = 0; i < bytes.length && !bytewise.stuck(); i++) {
            bytewise.feed(new byte[] {bytes[i]});
            compacted.feed(new byte[] {bytes[i]}).compact();
        }
        assertEquals(expected, bytewise.frames, "one byte at a time");
        assertEquals(expected, compacted.frames, "one byte at a time, compacted after each");
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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

    // Attachments (SPEC §2): a text that announces one, one newline, then bytes never read as JSON.

    @Test
    void anAttachmentThatHoldsARequestIsDataAndTheNextRequestStartsRightAfterIt() {
        String stream = "{\"attachment\":15,\"url\":\"/put\"}\n{\"url\":\"/time\"}{\"url\":\"/ping\"}";
        assertFramedTheSameAtEverySplit(stream, List.of(text("{\"attachment\":15,\"url\":\"/put\"}"),
                attachment("{\"url\":\"/time\"}"), text("{\"url\":\"/ping\"}")));
    }

    @Test
    void anAttachmentOfBracesQuotesBackslashesNewlinesAndInvalidUtf8IsPassedOverWhole() {
        byte[] data = {'{', '"', '\\', '"', '}', '\n', '\r', ']', '[', (byte) 0xFF, (byte) 0xC3, (byte) 0x80, (byte) 0x80,
            0, '{', '\n', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '}'};
        byte[] stream = concat(utf8("{\"attachment\":" + data.length + "}\r\n"), data, utf8("\n{\"b\":\"}\"}"));
        assertFramedTheSameAtEverySplit(stream, List.of(text("{\"attachment\":" + data.length + "}"), attachment(data),
                text("{\"b\":\"}\"}")), LIMIT);
    }

    @Test
    void anAttachmentMayFollowItsTextAfterCrLf() {
        assertFramedTheSameAtEverySplit("{\"attachment\":3}\r\nabc{}", List.of(text("{\"attachment\":3}"), attachment("abc"),
                text("{}")));
    }

    @Test
    void anEmptyAttachmentIsReportedAtItsNewline() {
        assertFramedTheSameAtEverySplit("{\"attachment\":0}\n{\"b\":1}", List.of(text("{\"attachment\":0}"), attachment(""),
                text("{\"b\":1}")));
    }

    @Test
    void attachmentsBackToBackAreFramedInOrder() {
        assertFramedTheSameAtEverySplit("{\"attachment\":2}\n}{{\"attachment\":1}\r\n\n",
                List.of(text("{\"attachment\":2}"), attachment("}{"), text("{\"attachment\":1}"), attachment("\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {" \nabc", "abc", "\r abc", "\r\r\nabc", "\tabc", "{}"})
    void aTextThatAnnouncesAnAttachmentWithoutANewlineAfterItIsNoNewline(String after) {
        assertFramedTheSameAtEverySplit("{\"attachment\":3}" + after, List.of(text("{\"attachment\":3}"), noNewline()));
    }

    @Test
    void theTextLimitDoesNotApplyToAnAttachmentButAppliesAgainToTheNextText() {
        byte[] data = repeat('}', 1000);
        byte[] stream = concat(utf8("{\"attachment\":1000}\n"), data, utf8("{\"b\":1}"));
        assertFramedTheSameAtEverySplit(stream, List.of(text("{\"attachment\":1000}"), attachment(data), text("{\"b\":1}")),
                20);
        FramerDriver driver = new FramerDriver(20).feed(concat(utf8("{\"attachment\":1000}\n"), data));
        driver.feed("{\"b\":\"" + "x".repeat(20) + "\"}");
        assertEquals(tooLarge(), driver.frames.get(2));
    }

    @Test
    void whileAnAttachmentArrivesTheFramerRetainsItFromItsFirstByteAndSaysHowMuchItNeeds() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{}{\"attachment\":10}");
        assertEquals(driver.length(), driver.framer.retainFrom(), "the text is reported: only what follows is needed");
        assertEquals(12, driver.framer.needed(), "the newline, counted as CRLF, and the bytes");
        driver.feed("\r");
        assertEquals(11, driver.framer.needed());
        driver.feed("\nabcd");
        int first = driver.length() - 4;
        assertEquals(first, driver.framer.retainFrom(), "the attachment's first byte");
        assertEquals(10, driver.framer.needed(), "the whole attachment, from its first byte");
        assertTrue(driver.framer.inAttachment());
        driver.compact().feed("efghij{}");
        assertEquals(List.of(text("{}"), text("{\"attachment\":10}"), attachment("abcdefghij"), text("{}")), driver.frames);
        assertEquals(0, driver.framer.needed());
        assertFalse(driver.framer.inAttachment());
    }

    @Test
    void finishInsideAnAttachmentReportsWhatCameOfItAsIncomplete() {
        FramerDriver driver = new FramerDriver(LIMIT).feed("{\"attachment\":10}\nabc");
        assertEquals(Result.INCOMPLETE, driver.finish());
        assertEquals(List.of(text("{\"attachment\":10}"), incomplete("abc")), driver.frames);
    }

    @Test
    void anAttachmentCanOnlyBeAnnouncedForTheTextJustReported() {
        JsonFramer framer = new JsonFramer(LIMIT);
        assertThrows(IllegalStateException.class, () -> framer.expectAttachment(1), "nothing reported yet");
        byte[] buf = utf8("{\"a\":1} {");
        assertEquals(Result.TEXT, framer.next(buf, 7));
        assertThrows(IllegalArgumentException.class, () -> framer.expectAttachment(-1));
        assertEquals(Result.NEED_MORE, framer.next(buf, buf.length));
        assertThrows(IllegalStateException.class, () -> framer.expectAttachment(1), "a new text has begun");
    }
}
