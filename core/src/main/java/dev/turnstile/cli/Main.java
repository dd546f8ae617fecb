package dev.turnstile.cli;

import dev.turnstile.startup.StartupException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code turnstile} command: reads the configuration, loads the plugins and runs the server
 * in the foreground until SIGTERM or SIGINT.
 *
 * <p>Exit codes: 0 after a clean stop (and for {@code --help}, {@code --version} and a successful
 * {@code --check}); 1 when start-up fails (a plugin, the port, the data folder); 2 for a usage
 * error (an unknown option, a bad value, a missing or wrong configuration file). Every failure is
 * one line on standard error, starting with {@code turnstile: }.
 *
 * <p>Settings come from the command line, then the environment ({@code TURNSTILE_<KEY>}), then
 * the properties file, then the defaults. The installation folder is the system property
 * {@code turnstile.home}, which {@code bin/turnstile} sets, or else the working directory.
 */
@Command(name = "turnstile", mixinStandardHelpOptions = true, versionProvider = CoreVersion.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "A TCP server that speaks JSON, serves one client at a time and routes each url to a plugin.",
        footerHeading = "%n",
        footer = {
            "Settings come from the command line, then TURNSTILE_<KEY> variables,",
            "then the --config file, then the defaults. Relative paths are resolved",
            "against the installation folder. Sizes take KiB or MiB (4MiB); timeouts",
            "take s, m or h (90s, 5m), and 0 means none.",
            "Exit codes: 0 stopped cleanly, 1 start-up failed, 2 usage error."})
public final class Main implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "Address to listen on (default 127.0.0.1; 0.0.0.0 for all). TURNSTILE_HOST")
    private String host;

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port to listen on, 0 for any free one (default 8888). TURNSTILE_PORT")
    private String port;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "Folder of plugin jars (default plugins). TURNSTILE_PLUGINS")
    private String plugins;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Folder for the handlers' files and the lock (default data). TURNSTILE_DATA_DIR")
    private String dataDir;

    @Option(names = "--busy", paramLabel = "POLICY",
            description = "reject or queue a second client (default reject). TURNSTILE_BUSY")
    private String busy;

    @Option(names = "--idle-timeout", paramLabel = "TIME",
            description = "Disconnect a client silent this long (default 300). TURNSTILE_IDLE_TIMEOUT")
    private String idleTimeout;

    @Option(names = "--login-timeout", paramLabel = "TIME",
            description = "Disconnect a client not logged in this long (default 10). TURNSTILE_LOGIN_TIMEOUT")
    private String loginTimeout;

    @Option(names = "--max-request-bytes", paramLabel = "SIZE",
            description = "Largest request (default 1MiB). TURNSTILE_MAX_REQUEST_BYTES")
    private String maxRequestBytes;

    @Option(names = "--max-pending-bytes", paramLabel = "SIZE",
            description = "Unsent answers above which reading pauses (default 4MiB). TURNSTILE_MAX_PENDING_BYTES")
    private String maxPendingBytes;

    @Option(names = "--auth-secret", paramLabel = "TEXT",
            description = {"Secret /login must carry (default none); prefer", "TURNSTILE_AUTH_SECRET: the command line is public"})
    private String authSecret;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 keystore; turns TLS on (default off). TURNSTILE_TLS_KEYSTORE")
    private String tlsKeystore;

    @Option(names = "--tls-password", paramLabel = "TEXT",
            description = "Password of the keystore. TURNSTILE_TLS_PASSWORD")
    private String tlsPassword;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"Properties file to read instead of", "conf/turnstile.properties"})
    private String config;

    @Option(names = "--check",
            description = "Load the configuration and the plugins, print the routes and exit without listening.")
    private boolean check;

    private final Map<String, String> environment;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    private Main(Map<String, String> environment, Path home, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.home = home;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), home(), System.out, System.err));
    }

    /**
     * Runs the command without exiting: what {@link #main} does, with its inputs given.
     *
     * @return the exit code
     */
    static int run(String[] args, Map<String, String> environment, Path home, PrintStream out, PrintStream err) {
        CommandLine commandLine = new CommandLine(new Main(environment, home, out, err))
                .setExpandAtFiles(false)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .setParameterExceptionHandler((e, arguments) -> {
                    err.println("turnstile: " + oneLine(e.getMessage()) + "; try --help");
                    return EXIT_USAGE;
                });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        Options options;
        try {
            options = Options.resolve(commandLineSettings(), config, environment, home);
        } catch (UsageException e) {
            err.println("turnstile: " + e.getMessage());
            return EXIT_USAGE;
        }
        try {
            if (check) {
                RouteCheck.run(options, out);
            } else {
                ServerLauncher.run(options);
            }
            return EXIT_OK;
        } catch (StartupException e) {
            err.println("turnstile: " + oneLine(e.getMessage()));
            return EXIT_STARTUP_FAILED;
        }
    }

    private Map<Setting, String> commandLineSettings() {
        Map<Setting, String> given = new EnumMap<>(Setting.class);
        putIfGiven(given, Setting.HOST, host);
        putIfGiven(given, Setting.PORT, port);
        putIfGiven(given, Setting.PLUGINS, plugins);
        putIfGiven(given, Setting.DATA_DIR, dataDir);
        putIfGiven(given, Setting.BUSY, busy);
        putIfGiven(given, Setting.IDLE_TIMEOUT, idleTimeout);
        putIfGiven(given, Setting.LOGIN_TIMEOUT, loginTimeout);
        putIfGiven(given, Setting.MAX_REQUEST_BYTES, maxRequestBytes);
        putIfGiven(given, Setting.MAX_PENDING_BYTES, maxPendingBytes);
        putIfGiven(given, Setting.AUTH_SECRET, authSecret);
        putIfGiven(given, Setting.TLS_KEYSTORE, tlsKeystore);
        putIfGiven(given, Setting.TLS_PASSWORD, tlsPassword);
        return given;
    }

    private static void putIfGiven(Map<Setting, String> given, Setting setting, String value) {
        if (value != null) {
            given.put(setting, value);
        }
    }

    private static Path home() {
        String property = System.getProperty("turnstile.home");
        Path home = property == null || property.isBlank() ? Path.of("") : Path.of(property);
        return home.toAbsolutePath().normalize();
    }

    static String oneLine(String message) {
        return message == null ? "unknown error" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
