package dev.turnstile.client.cli;

import dev.turnstile.client.Attachment;
import dev.turnstile.client.ClientOptions;
import dev.turnstile.client.RememberedCertificate;
import dev.turnstile.client.TlsTrust;
import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.Reply;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;

/**
 * {@code turnstile-cli}: calls a Turnstile server once, interactively, or in bulk from a pipe.
 * The exit codes are those of {@link ExitCode}.
 */
@Command(name = "turnstile-cli", sortOptions = false, usageHelpWidth = 80,
        versionProvider = ClientVersion.class,
        // One string per paragraph: picocli wraps each between words, so that no line is cut short.
        description = {
            "Calls a Turnstile server. With a URL: one call, and the answer is printed. Without one: an"
                + " interactive prompt. With --pipe: one JSON request per line of standard input, pipelined,"
                + " one answer line each on standard output.",
            "pull LOCAL_DIR / push LOCAL_DIR / sync LOCAL_DIR: sync a folder with the server's shared folder,"
                + " once or, with --watch, as it changes (turnstile-cli pull --help). stats: how the server is doing (its /stats, readably).",
            "The secret for /login comes from TURNSTILE_AUTH_SECRET or --ask-secret. With --tls, a server"
                + " whose certificate no authority signs is trusted the first time and remembered in"
                + " ~/.config/turnstile/known_servers; a changed certificate is refused."},
        footer = {"", "Exit codes: 0 every answer was 200 (a sync is complete), 1 a non-200 answer (a read-only"
            + " folder for push, a refused login), 2 bad usage, 3 connection or TLS failure, 4 the server is busy"
            + " with another client, 5 a sync finished but some paths were not synced, 130 stopped by Ctrl-C,"
            + " 143 stopped by SIGTERM."})
public final class Main implements Callable<Integer> {

    @Option(names = {"-h", "--host"}, scope = ScopeType.INHERIT, paramLabel = "HOST", defaultValue = DEFAULT_HOST,
            description = "the server's host, or HOST:PORT (default: ${DEFAULT-VALUE})")
    String host;

    /** {@code null} unless given: a port in {@code --host HOST:PORT} may then stand in for it. */
    @Option(names = {"-p", "--port"}, scope = ScopeType.INHERIT, paramLabel = "PORT",
            description = "the server's port (default: 8888)")
    Integer port;

    @Option(names = "--hostname", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "the name to log in as (default: this machine's name)")
    String hostname;

    @Option(names = "--tls", scope = ScopeType.INHERIT, description = "connect with TLS: trust what the Java"
            + " runtime's authorities sign for the host, else the server's certificate as first seen (remembered in"
            + " the known servers; a changed one is refused)")
    boolean tls;

    @Option(names = "--accept-cert", scope = ScopeType.INHERIT, paramLabel = "FINGERPRINT",
            description = "connect with TLS, trusting exactly the certificate with this SHA-256 fingerprint, and"
                    + " remember it in place of the one remembered")
    String acceptCert;

    @Option(names = "--trust-cert", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "connect with TLS, trusting exactly this certificate (PEM or DER)")
    Path trustCert;

    @Option(names = "--trust-store", scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "connect with TLS, trusting the authorities in this PKCS12 or JKS file")
    Path trustStore;

    @Option(names = "--trust-store-password", scope = ScopeType.INHERIT, paramLabel = "PASSWORD",
            description = "the trust store's password, if it has one")
    String trustStorePassword;

    @Option(names = "--ask-secret", scope = ScopeType.INHERIT, description = "ask for the login secret without echoing it")
    boolean askSecret;

    @Option(names = {"-a", "--secret"}, scope = ScopeType.INHERIT, paramLabel = "SECRET",
            description = "the login secret; unsafe, others can see it: prefer the two above")
    String secret;

    @Option(names = "--json", paramLabel = "OBJECT", description = "request members as one JSON object")
    String json;

    @Option(names = "--raw", description = "print answers exactly as received, not pretty")
    boolean raw;

    @Option(names = "--attach", paramLabel = "FILE",
            description = "one call: send FILE's bytes as the request's attachment (SPEC §2), as /upload_chunk takes them")
    Path attach;

    @Option(names = "--save", paramLabel = "FILE",
            description = "one call: write the answer's attachment (a raw /get_file_data chunk) to FILE; raw bytes are"
                    + " never printed")
    Path save;

    @Option(names = "--pipe", description = "read JSON requests from standard input, one per line")
    boolean pipe;

    @Option(names = "--in-flight", paramLabel = "N", defaultValue = "256",
            description = "with --pipe: requests awaiting their answer at most (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--wait", scope = ScopeType.INHERIT, description = "if another client holds the server, wait until it leaves")
    boolean waitForSlot;

    @Option(names = "--help", usageHelp = true, description = "show this help and exit")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "print the version and exit")
    boolean version;

    @Parameters(index = "0", arity = "0..1", paramLabel = "URL", description = "the url to call, as /echo")
    String url;

    @Parameters(index = "1..*", paramLabel = "KEY=VALUE",
            description = "request members; VALUE is JSON if it parses, else a string")
    List<String> pairs = new ArrayList<>();

    private static final String DEFAULT_HOST = "127.0.0.1";

    private final InputStream in;
    final PrintStream out;
    final PrintStream err;
    private final Map<String, String> environment;
    /** Where {@link #secret} found the secret, for the message of a refused login. */
    private String secretSource;

    Main(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /**
     * Runs the command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err, System.getenv()));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment) {
        return run(args, in, out, err, environment, FolderOpener.SERVER, System.console() != null);
    }

    /**
     * @param opener where pull and push get the shared folder: the server, or a test's folder
     * @param terminal whether standard output is a terminal (a progress bar) or not (quiet)
     */
    static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Map<String, String> environment,
            FolderOpener opener, boolean terminal) {
        Main main = new Main(in, out, err, environment);
        Callable<Integer> read = OneShotArguments.read(args, main, opener, terminal);
        if (read != null) {
            return callWithoutPicocli(read, err);
        }
        return commandLine(main, opener, terminal).execute(args);
    }

    /** Calls as {@link CommandLine#execute} would: an unexpected exception is printed and exits 2. */
    private static int callWithoutPicocli(Callable<Integer> command, PrintStream err) {
        try {
            return command.call();
        } catch (Exception e) {
            e.printStackTrace(err);
            return ExitCode.USAGE;
        }
    }

    /** @return picocli's command line for {@code main}, with pull, push and stats, ready to execute */
    static CommandLine commandLine(Main main, FolderOpener opener, boolean terminal) {
        PrintStream out = main.out;
        PrintStream err = main.err;
        CommandLine command = new CommandLine(main);
        command.addSubcommand("pull", new CommandLine(new SyncCommand(false, opener, out, err, terminal))
                .setCommandName("pull"));
        command.addSubcommand("push", new CommandLine(new SyncCommand(true, opener, out, err, terminal))
                .setCommandName("push"));
        command.addSubcommand("sync", new CommandLine(SyncCommand.both(opener, out, err, terminal))
                .setCommandName("sync"));
        command.addSubcommand("stats", new CommandLine(new StatsCommand(out, err)).setCommandName("stats"));
        // The header is the line the parent's list of commands shows; the description wraps below it.
        command.getSubcommands().get("pull").getCommandSpec().usageMessage()
                .header("Makes LOCAL_DIR equal to the server's shared folder.")
                .description("Copies what differs (by size and SHA-256), verified and resumable. Files the server"
                        + " lacks stay unless --delete. A local change since the last sync is never overwritten"
                        + " silently: it is kept (as a conflict copy if the server changed the file too) unless --force.");
        command.getSubcommands().get("push").getCommandSpec().usageMessage()
                .header("Makes the server's shared folder equal to LOCAL_DIR, when the server is writable.")
                .description("Files LOCAL_DIR lacks stay on the server unless --delete. A change made on the"
                        + " server since the last sync is never overwritten silently: it is kept (as a conflict copy"
                        + " if the file changed here too) unless --force.");
        command.getSubcommands().get("sync").getCommandSpec().usageMessage()
                .header("Pulls, then pushes, on one connection: the server's changes into LOCAL_DIR, then LOCAL_DIR's"
                        + " onto the server.")
                .description("What pull and push do, in that order, with the same options. With --watch, again on each"
                        + " change on either side.");
        command.getSubcommands().get("stats").getCommandSpec().usageMessage()
                .header("Prints how the server is doing: uptime, connections, answers by url and code, bytes,"
                        + " and what each plugin reports.")
                .description("The server's /stats, which needs a login like any url.");
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        command.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
        command.setParameterExceptionHandler((e, arguments) -> {
            err.println("turnstile-cli: " + e.getMessage() + " (turnstile-cli --help lists the options)");
            return ExitCode.USAGE;
        });
        return command;
    }

    @Override
    public Integer call() {
        try {
            Connector connector = connector();
            if (pipe) {
                return pipe(connector);
            }
            if (url == null && json == null) {
                return repl(connector);
            }
            return oneShot(connector);
        } catch (CliFailure e) {
            err.println("turnstile-cli: " + e.getMessage());
            return e.exitCode();
        }
    }

    private int oneShot(Connector connector) throws CliFailure {
        Map<String, Object> request = RequestArguments.request(url != null ? url : jsonUrl(), json, pairs);
        if (request.containsKey("attachment")) {
            throw new CliFailure(ExitCode.USAGE, "\"attachment\" is the length of the bytes --attach FILE sends; give"
                    + " the file, not the member");
        }
        AttachmentFile saved = save != null ? new AttachmentFile(save) : null;
        try (TurnstileClient client = connector.open(); FileChannel attached = openAttached()) {
            Attachment attachment = attached != null ? Attachment.of(attached, 0, attached.size()) : null;
            Reply reply = (saved != null ? client.submit(request, attachment, saved)
                    : client.submit(request, attachment)).join();
            out.println(raw ? reply.line() : PrettyJson.format(reply.body()));
            String note = saved != null ? saved.finish(reply)
                    : AttachmentFile.skipped(reply, "--save FILE writes them to a file");
            if (note != null) {
                err.println("turnstile-cli: " + note);
            }
            return reply.isOk() ? ExitCode.OK : ExitCode.ANSWER;
        } catch (IOException e) {
            throw new CliFailure(ExitCode.IO, "cannot send to " + connector.where() + ": " + e.getMessage());
        } catch (CompletionException e) {
            throw new CliFailure(ExitCode.IO, "no answer from " + connector.where() + ": " + e.getCause().getMessage());
        }
    }

    /** @return {@code --attach}'s file, open for reading, or {@code null} */
    private FileChannel openAttached() throws CliFailure {
        if (attach == null) {
            return null;
        }
        try {
            return FileChannel.open(attach, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new CliFailure(ExitCode.USAGE, "--attach: cannot read " + attach + ": " + e.getMessage());
        }
    }

    private String jsonUrl() throws CliFailure {
        Object value = RequestArguments.value(json);
        if (value instanceof Map && ((Map<?, ?>) value).get("url") instanceof String) {
            return (String) ((Map<?, ?>) value).get("url");
        }
        throw new CliFailure(ExitCode.USAGE, "give the url, as in turnstile-cli /echo --json '{\"data\":1}'");
    }

    private int pipe(Connector connector) throws CliFailure {
        if (attach != null || save != null) {
            throw new CliFailure(ExitCode.USAGE, "--attach and --save are for one call; with --pipe an answer's line says how"
                    + " many bytes of attachment followed, and they are skipped");
        }
        if (url != null || json != null) {
            throw new CliFailure(ExitCode.USAGE, "--pipe reads its requests from standard input; give no url or --json");
        }
        try (TurnstileClient client = connector.open()) {
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            BufferedWriter answers = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            return new PipeMode(client, err).run(lines, answers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCode.IO, "interrupted");
        }
    }

    private int repl(Connector connector) throws CliFailure {
        if (attach != null || save != null) {
            throw new CliFailure(ExitCode.USAGE, "--attach and --save are for one call, not for the prompt");
        }
        TurnstileClient client = connector.open();
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            Path history = Path.of(System.getProperty("user.home"), ".turnstile_cli_history");
            return new Repl(connector, raw, client).run(terminal, history);
        } catch (IOException e) {
            client.close();
            throw new CliFailure(ExitCode.IO, "cannot open the terminal: " + e.getMessage());
        }
    }

    /** @return how to connect and log in, from the options */
    Connector connector() throws CliFailure {
        if (inFlight < 1) {
            throw new CliFailure(ExitCode.USAGE, "--in-flight must be at least 1, not " + inFlight);
        }
        if (trustCert != null && trustStore != null) {
            throw new CliFailure(ExitCode.USAGE, "give --trust-cert or --trust-store, not both");
        }
        if (acceptCert != null && (trustCert != null || trustStore != null)) {
            throw new CliFailure(ExitCode.USAGE, "--accept-cert trusts one certificate by its fingerprint; give it"
                    + " without --trust-cert or --trust-store");
        }
        ServerAddress address = ServerAddress.of(host, port);
        ClientOptions options = ClientOptions.defaults().withHost(address.host()).withPort(address.port())
                .withMaxInFlight(inFlight).withHostname(hostname);
        Path knownServers = TlsTrust.knownServersFile(environment);
        String tlsOption = null;
        Path trustFile = null;
        if (trustCert != null) {
            tlsOption = "--trust-cert";
            trustFile = trustCert;
            options = options.withTls(TlsTrust.certificate(trustCert));
        } else if (trustStore != null) {
            tlsOption = "--trust-store";
            trustFile = trustStore;
            char[] password = trustStorePassword == null ? null : trustStorePassword.toCharArray();
            options = options.withTls(TlsTrust.trustStore(trustStore, password));
        } else if (tls || acceptCert != null) {
            tlsOption = acceptCert != null ? "--accept-cert" : "--tls";
            TlsTrust trust = TlsTrust.trustOnFirstUse(knownServers, this::remembered);
            try {
                options = options.withTls(acceptCert != null ? trust.acceptingCertificate(acceptCert) : trust);
            } catch (IllegalArgumentException e) {
                throw new CliFailure(ExitCode.USAGE, "--accept-cert: " + e.getMessage());
            }
        }
        // Last: every mistake on the command line is reported before --ask-secret asks.
        String secretValue = secret(options.host() + ":" + options.port());
        options = options.withSecret(secretValue);
        FailureAdvice advice = new FailureAdvice(tlsOption, trustFile, knownServers,
                secretValue == null ? null : secretSource);
        return new Connector(options, waitForSlot, err, advice);
    }

    /** Says on standard error which certificate was trusted and where it is remembered. */
    private void remembered(RememberedCertificate certificate) {
        if (certificate.replaced() == null) {
            err.println("turnstile-cli: first connection to " + certificate.server() + "; trusting its certificate "
                    + certificate.fingerprint() + "; it is remembered in " + certificate.file());
        } else {
            err.println("turnstile-cli: trusting the new certificate of " + certificate.server() + ", "
                    + certificate.fingerprint() + ", in place of " + certificate.replaced() + "; it is remembered in "
                    + certificate.file());
        }
    }

    /** @param server the server, for the prompt of {@code --ask-secret} */
    private String secret(String server) throws CliFailure {
        if (secret != null && askSecret) {
            throw new CliFailure(ExitCode.USAGE, "give --secret or --ask-secret, not both");
        }
        if (secret != null) {
            err.println("turnstile-cli: warning: a secret on the command line can be seen by other users"
                    + " of this machine; use TURNSTILE_AUTH_SECRET or --ask-secret");
            secretSource = "--secret";
            return secret;
        }
        if (askSecret) {
            Console console = System.console();
            if (console == null) {
                throw new CliFailure(ExitCode.USAGE, "--ask-secret needs a terminal; set TURNSTILE_AUTH_SECRET instead");
            }
            char[] typed = console.readPassword("login secret for %s: ", server);
            if (typed == null) {
                throw new CliFailure(ExitCode.USAGE, "no secret was typed");
            }
            secretSource = "--ask-secret";
            return new String(typed);
        }
        secretSource = ClientOptions.SECRET_VARIABLE;
        return environment.get(ClientOptions.SECRET_VARIABLE);
    }
}
