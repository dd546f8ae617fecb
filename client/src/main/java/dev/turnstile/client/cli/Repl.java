package dev.turnstile.client.cli;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;

/**
 * The interactive prompt: line editing and history from JLine, one request per line. The
 * connection is opened before the first prompt and, if the server drops it (an idle timeout, a
 * restart), opened again for the next request.
 */
final class Repl {

    static final String HELP = String.join("\n",
            "  /url key=value …   call a url; a value is JSON if it parses, else a string:",
            "                     /echo data=\"hi\"   /echo data={\"a\": [1, 2]}   /login hostname=box",
            "  {\"url\": …}         send a JSON request as it is",
            "  routes             list the urls this server serves (/routes)",
            "  help               this text",
            "  quit               leave (or Ctrl-D)",
            "The token is added to every request for you.");

    private final Connector connector;
    private final boolean raw;
    private TurnstileClient client;

    Repl(Connector connector, boolean raw, TurnstileClient client) {
        this.connector = connector;
        this.raw = raw;
        this.client = client;
    }

    /**
     * Runs until {@code quit} or the end of the input.
     *
     * @param terminal the terminal to read from and print to
     * @param history where to keep the history, or {@code null} for none
     * @return the exit code: 0
     */
    int run(Terminal terminal, Path history) {
        DefaultParser parser = new DefaultParser();
        // Lines are JSON, not shell words: quotes and backslashes must reach us untouched.
        parser.setEscapeChars(null);
        parser.setQuoteChars(new char[0]);
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("turnstile-cli")
                .parser(parser)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true);
        if (history != null) {
            keepPrivate(history);
            builder.variable(LineReader.HISTORY_FILE, history);
        }
        LineReader reader = builder.build();
        PrintWriter out = terminal.writer();
        String prompt = connector.where() + "> ";
        out.println("connected to " + connector.where() + "; type help for help");
        try {
            while (true) {
                String line;
                try {
                    line = reader.readLine(prompt).strip();
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (line.equals("quit") || line.equals("exit")) {
                    break;
                }
                execute(line, out);
                out.flush();
            }
        } finally {
            if (client != null) {
                client.close();
            }
        }
        return ExitCode.OK;
    }

    /**
     * The history holds every line typed, {@code /login secret=...} included, so only its owner
     * may read it. Where the file system has no POSIX permissions this does nothing.
     */
    static void keepPrivate(Path history) {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        try {
            if (Files.notExists(history)) {
                Files.createFile(history, PosixFilePermissions.asFileAttribute(ownerOnly));
            } else {
                Files.setPosixFilePermissions(history, ownerOnly);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // No POSIX permissions here, or no home folder to write to: JLine copes without a file.
        }
    }

    private void execute(String line, PrintWriter out) {
        if (line.isEmpty()) {
            return;
        }
        if (line.equals("help")) {
            out.println(HELP);
            return;
        }
        try {
            if (line.equals("routes")) {
                printRoutes(send(Map.of("url", "/routes")), out);
            } else {
                print(send(request(line)), out);
            }
        } catch (CliFailure e) {
            out.println("error: " + e.getMessage());
        }
    }

    private static Map<String, Object> request(String line) throws CliFailure {
        Map<String, Object> request;
        if (line.startsWith("{")) {
            try {
                request = JsonMaps.parseObject(line);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "that is not one JSON object: " + e.getMessage());
            }
        } else {
            List<String> words = LineTokens.split(line);
            request = RequestArguments.request(words.get(0), null, words.subList(1, words.size()));
        }
        if (request.containsKey("attachment")) {
            throw new CliFailure(ExitCode.USAGE, "the prompt sends no raw bytes, so no \"attachment\" member; use"
                    + " turnstile-cli --attach FILE for one call");
        }
        if (!(request.get("url") instanceof String)) {
            throw new CliFailure(ExitCode.USAGE, "a request needs a string \"url\"");
        }
        return request;
    }

    private Reply send(Map<String, Object> request) throws CliFailure {
        if (client == null || !client.isOpen()) {
            client = connector.open();
        }
        try {
            return client.submit(request).join();
        } catch (IOException e) {
            throw lost(e);
        } catch (CompletionException e) {
            throw lost(e.getCause());
        }
    }

    private CliFailure lost(Throwable cause) {
        client.close();
        client = null;
        return new CliFailure(ExitCode.IO, "the connection ended (" + cause.getMessage()
                + "); the next request connects again");
    }

    private void print(Reply reply, PrintWriter out) {
        out.println(raw ? reply.line() : PrettyJson.format(reply.body()));
        String skipped = AttachmentFile.skipped(reply, "turnstile-cli --save FILE writes them to a file");
        if (skipped != null) {
            out.println("(" + skipped + ")");
        }
    }

    private void printRoutes(Reply reply, PrintWriter out) {
        if (raw || !reply.isOk() || !(reply.body().get("routes") instanceof List)) {
            print(reply, out);
            return;
        }
        for (Object item : (List<?>) reply.body().get("routes")) {
            Map<?, ?> route = (Map<?, ?>) item;
            out.printf("  %-20s %-14s %s%n", route.get("url"),
                    Boolean.TRUE.equals(route.get("token")) ? "token" : "no token", route.get("jar"));
        }
    }
}
