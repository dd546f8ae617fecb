package dev.turnstile.client.cli;

import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code turnstile-cli stats}: logs in, asks the server's {@code /stats} and prints it for people
 * ({@link StatsReport}), or, with {@code --json}, as the one line the server sent. Exit codes as for
 * any call: 0 for the answer, 1 for a refusal (an older server without {@code /stats} answers 400),
 * 3 when the server cannot be reached.
 */
@Command(sortOptions = false, usageHelpWidth = 80)
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    Main parent;

    @Option(names = "--json", description = "print the server's answer as it came: one JSON line")
    boolean json;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    private final PrintStream out;
    private final PrintStream err;

    StatsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Connector connector;
        try {
            connector = parent.connector();
        } catch (CliFailure e) {
            err.println("turnstile-cli: " + e.getMessage());
            return e.exitCode();
        }
        try (TurnstileClient client = connector.open()) {
            Reply reply = client.submit(Map.of("url", "/stats")).join();
            if (json) {
                out.println(reply.line());
            } else if (reply.isOk()) {
                StatsReport.lines(reply.body(), connector.where()).forEach(out::println);
            } else {
                err.println("turnstile-cli: " + connector.where() + " answered " + reply.code() + ": " + reply.error());
            }
            return reply.isOk() ? ExitCode.OK : ExitCode.ANSWER;
        } catch (CliFailure e) {
            err.println("turnstile-cli: " + e.getMessage());
            return e.exitCode();
        } catch (IOException e) {
            err.println("turnstile-cli: cannot send to " + connector.where() + ": " + e.getMessage());
            return ExitCode.IO;
        } catch (CompletionException e) {
            err.println("turnstile-cli: no answer from " + connector.where() + ": " + e.getCause().getMessage());
            return ExitCode.IO;
        }
    }
}
