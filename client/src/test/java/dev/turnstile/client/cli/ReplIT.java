package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.RunningServer;
import dev.turnstile.client.TurnstileClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The prompt driven through its input stream, on a dumb terminal, against a real server. */
class ReplIT {

    @TempDir
    Path dataDir;

    private RunningServer server;
    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start(dataDir);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void eachLineIsARequestAndItsAnswerIsPrintedPretty() throws Exception {
        String output = session(false, "/echo data={\"a\": [1, \"two words\"]}\n");

        assertTrue(output.contains("127.0.0.1:" + server.port() + "> "), output);
        assertTrue(output.contains("\"data\": {\n    \"a\": [\n      1,\n      \"two words\"\n    ]\n  }"), output);
    }

    @Test
    void aJsonLineIsSentAsItIsWithTheTokenAdded() throws Exception {
        String output = session(true, "{\"url\":\"/ping\",\"id\":\"x\"}\n");

        assertTrue(output.contains("{\"code\":200,\"id\":\"x\",\"pong\":true}"), output);
    }

    @Test
    void routesListsEachUrlWithWhetherItNeedsTheToken() throws Exception {
        String output = session(false, "routes\n");

        assertTrue(output.matches("(?s).*\\s/echo\\s+token\\s.*"), output);
        assertTrue(output.matches("(?s).*\\s/login\\s+no token\\s.*"), output);
    }

    @Test
    void errorsArePrintedAndThePromptGoesOn() throws Exception {
        String output = session(false, "/pong\nnot-a-url\n{broken\n/ping\n");

        assertTrue(output.contains("unknown url"), output);
        assertTrue(output.contains("error: the url must start with \"/\""), output);
        assertTrue(output.contains("error: that is not one JSON object"), output);
        assertTrue(output.contains("\"pong\": true"), output);
    }

    @Test
    void helpExplainsTheCommandsAndQuitEndsBeforeLaterLines() throws Exception {
        String output = session(false, "help\nquit\n/ping\n");

        assertTrue(output.contains("routes             list the urls"), output);
        assertTrue(!output.contains("pong"), output);
    }

    @Test
    void aLostConnectionIsOpenedAgainForTheNextRequest() throws Exception {
        Connector connector = new Connector(server.options(), false, new PrintStream(errors, true, StandardCharsets.UTF_8),
                new FailureAdvice(null, null, null, null));
        TurnstileClient lost = connector.open();
        lost.close();

        String output = run(new Repl(connector, false, lost), "/ping\n", null);

        assertTrue(output.contains("\"pong\": true"), output);
    }

    @Test
    void linesAreKeptInTheHistoryFile(@TempDir Path home) throws Exception {
        Path history = home.resolve("history");
        Connector connector = new Connector(server.options(), false, new PrintStream(errors, true, StandardCharsets.UTF_8),
                new FailureAdvice(null, null, null, null));

        run(new Repl(connector, false, connector.open()), "/ping\n", history);

        assertTrue(Files.readString(history).contains("/ping"));
    }

    @Test
    void aRawAnswersBytesAreCountedNotShownAndALineCannotCarryAnAttachment(@TempDir Path share) throws Exception {
        Files.writeString(share.resolve("a.bin"), "\u001b[2Jraw");
        try (dev.turnstile.client.FilesServer files = dev.turnstile.client.FilesServer.start(share,
                dataDir.resolve("files-data"), false)) {
            Connector connector = new Connector(files.options(), false,
                    new PrintStream(errors, true, StandardCharsets.UTF_8), new FailureAdvice(null, null, null, null));

            String output = run(new Repl(connector, false, connector.open()),
                    "/get_file_data path=/a.bin encoding=raw\n{\"url\":\"/ping\",\"attachment\":2}\n", null);

            assertTrue(output.contains("\"attachment\": 7\n}\n(7 bytes of attachment followed; they are not printed"
                    + " (turnstile-cli --save FILE writes them to a file))"), output);
            assertTrue(!output.contains("\u001b[2J"), "raw bytes never reach the terminal: " + output);
            assertTrue(output.contains("error: the prompt sends no raw bytes, so no \"attachment\" member"), output);
        }
    }

    private String session(boolean raw, String input) throws Exception {
        Connector connector = new Connector(server.options(), false, new PrintStream(errors, true, StandardCharsets.UTF_8),
                new FailureAdvice(null, null, null, null));
        return run(new Repl(connector, raw, connector.open()), input, null);
    }

    private String run(Repl repl, String input, Path history) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (Terminal terminal = TerminalBuilder.builder().system(false).type(Terminal.TYPE_DUMB)
                .streams(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), output).build()) {
            assertEquals(0, repl.run(terminal, history));
        }
        assertEquals("", errors.toString(StandardCharsets.UTF_8));
        // The terminal ends its lines with CR LF, as a real one does.
        return output.toString(StandardCharsets.UTF_8).replace("\r", "");
    }
}
