package dev.turnstile.client.cli;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * {@code --pipe}: one JSON request per input line, sent pipelined; one answer line per request on
 * the output, in order. Blank lines are skipped. A line that is not a JSON object is not sent: it
 * is answered locally with a 400 line, so that answers still line up with requests; so is one with
 * an {@code "attachment"} member, whose raw bytes no input line can carry. An answer's own
 * attachment is skipped: its line, printed as it came, says how many bytes followed
 * ({@code "attachment":N}), and raw bytes never reach the output.
 *
 * <p>This thread reads and sends; a second one writes the answers as they come, flushing
 * whenever it has caught up, so that a script can talk to it line by line too.
 */
final class PipeMode {

    private static final CompletableFuture<Reply> END = new CompletableFuture<>();

    private final TurnstileClient client;
    private final PrintStream err;
    private final BlockingQueue<CompletableFuture<Reply>> answers = new LinkedBlockingQueue<>();
    private volatile boolean allOk = true;
    private volatile String failure;

    PipeMode(TurnstileClient client, PrintStream err) {
        this.client = client;
        this.err = err;
    }

    int run(BufferedReader in, Writer out) throws InterruptedException {
        Thread writer = new Thread(() -> write(out), "turnstile-cli-output");
        writer.start();
        try {
            send(in);
        } catch (IOException e) {
            fail("cannot go on: " + e.getMessage());
        } finally {
            answers.add(END);
            writer.join();
        }
        if (failure != null) {
            err.println("turnstile-cli: " + failure);
            return ExitCode.IO;
        }
        return allOk ? ExitCode.OK : ExitCode.ANSWER;
    }

    private void send(BufferedReader in) throws IOException {
        String line;
        long number = 0;
        while ((line = in.readLine()) != null && failure == null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            Map<String, Object> request;
            try {
                request = JsonMaps.parseObject(line);
            } catch (IllegalArgumentException e) {
                answers.add(CompletableFuture.completedFuture(localError("line " + number
                        + " is not a JSON object (" + e.getMessage() + "); it was not sent")));
                continue;
            }
            if (!(request.get("url") instanceof String)) {
                answers.add(CompletableFuture.completedFuture(localError("line " + number
                        + " has no string \"url\"; it was not sent")));
                continue;
            }
            if (request.containsKey("attachment")) {
                // Its bytes would have to follow the line; a line of standard input has none.
                answers.add(CompletableFuture.completedFuture(localError("line " + number
                        + " has an \"attachment\" member, but --pipe sends no raw bytes; it was not sent")));
                continue;
            }
            answers.add(client.submit(request));
        }
    }

    private void write(Writer out) {
        try {
            while (true) {
                CompletableFuture<Reply> next = answers.poll();
                if (next == null) {
                    out.flush();
                    next = answers.take();
                }
                if (next == END) {
                    break;
                }
                Reply reply = next.join();
                allOk &= reply.isOk();
                out.write(reply.line());
                out.write('\n');
            }
            out.flush();
        } catch (CompletionException e) {
            fail("the connection failed: " + e.getCause().getMessage());
            flushQuietly(out);
        } catch (IOException e) {
            fail("cannot write the answers: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fail(String message) {
        if (failure == null) {
            failure = message;
        }
    }

    private static void flushQuietly(Writer out) {
        try {
            out.flush();
        } catch (IOException e) {
            // The connection failure is what gets reported.
        }
    }

    private static Reply localError(String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", 400L);
        body.put("error", error);
        return new Reply(400, body, JsonMaps.write(body));
    }
}
