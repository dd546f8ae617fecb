package dev.turnstile.cli;

import dev.turnstile.plugin.LoadedPlugins;
import dev.turnstile.plugin.PluginLoader;
import dev.turnstile.server.PluginSettings;
import dev.turnstile.server.ServerTls;
import dev.turnstile.spi.Setting;
import dev.turnstile.startup.SettingsException;
import dev.turnstile.startup.StartupException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code turnstile} command: reads the configuration, loads the plugins and runs the server
 * in the foreground until SIGTERM or SIGINT.
 *
 * <p>Exit codes: 0 after a clean stop (and for {@code --help}, {@code --version}, a successful
 * {@code --check} and a {@code --health} that got an answer); 1 when start-up fails (a plugin, the
 * port, the data folder) and for a {@code --health} without an answer; 2 for a usage error (an
 * unknown option, a bad value, a missing or wrong configuration file) and for settings the server
 * refuses to run with ({@link SettingsException}). Every failure is one line on standard error,
 * starting with {@code turnstile: }.
 *
 * <p>Settings come from the command line, then the environment ({@code TURNSTILE_<KEY>}), then
 * the properties file (read once), then the defaults. Plugins declare settings too, so the command
 * line is read twice: once for core's settings, which name the plugins folder, and once more,
 * strictly, with the loaded plugins' settings as options ({@link CommandSpecs}). Every value, core's
 * and the plugins', is checked before anything is logged or started: a bad one is one line and exit
 * 2, for a start and for {@code --check} alike. A command line of plain
 * {@code --KEY VALUE} settings is read without picocli ({@link SettingArguments}), which keeps
 * picocli's start-up cost for help and mistakes. The installation folder is
 * the system property {@code turnstile.home}, which {@code bin/turnstile} sets, or else the
 * working directory.
 */
public final class Main {

    static final int EXIT_OK = 0;
    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private final String[] args;
    private final Map<String, String> environment;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    private Main(String[] args, Map<String, String> environment, Path home, PrintStream out, PrintStream err) {
        this.args = args.clone();
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
        return new Main(args, environment, home, out, err).call();
    }

    private int call() {
        SettingArguments plain = SettingArguments.read(args);
        if (plain != null) {
            return start(plain.core(), plain);
        }
        ParseResult parsed;
        try {
            // Lenient: an option no core setting knows may be a plugin's, judged once plugins are loaded.
            parsed = CommandSpecs.commandLine(List.of()).setUnmatchedArgumentsAllowed(true).parseArgs(args);
        } catch (ParameterException e) {
            return usageError(e);
        }
        if (parsed.isVersionHelpRequested()) {
            CommandSpecs.commandLine(List.of()).printVersionHelp(out);
            return EXIT_OK;
        }
        if (parsed.isUsageHelpRequested()) {
            return help(CommandSpecs.arguments(parsed));
        }
        return start(CommandSpecs.arguments(parsed), null);
    }

    /**
     * Reads the properties file, resolves core's settings, loads the plugins, reads the command
     * line again with their settings, checks every value, then checks, trains the archive or serves.
     *
     * @param core the first, lenient reading
     * @param plain the same line as {@link SettingArguments} read it, or {@code null} when picocli did
     */
    private int start(Arguments core, SettingArguments plain) {
        try {
            ConfigFile file = ConfigFile.read(core.config(), home);
            Options coreOptions = Options.resolveCore(core.settings(), file, environment, home);
            if (core.health()) {
                if (core.check()) {
                    throw new UsageException("give --check or --health, not both");
                }
                // Only core's settings say where the server listens: no plugin is loaded, and the
                // plugin settings a shared command line or file carries are left unjudged.
                return HealthProbe.run(coreOptions.server(), out, err);
            }
            if (core.check()) {
                // The keystore is checked before the plugins, as a start opens it before they serve.
                ServerTls.check(coreOptions.server());
            }
            try (LoadedPlugins plugins = load(coreOptions, core, file)) {
                List<Setting<?>> declared = PluginSettings.of(plugins.list()).all();
                Arguments full = plain == null ? null : plain.all(declared);
                if (full == null) {
                    full = CommandSpecs.arguments(CommandSpecs.commandLine(declared).parseArgs(args));
                }
                Options options = Options.resolve(full.settings(), file, environment, home, declared);
                if (full.check()) {
                    RouteCheck.run(options, plugins, out);
                } else if (ArchiveTraining.requested()) {
                    ArchiveTraining.run(options, plugins);
                } else {
                    ServerLauncher.run(options, plugins);
                }
            }
            return EXIT_OK;
        } catch (ParameterException e) {
            return usageError(e);
        } catch (UsageException | SettingsException e) {
            // Settings that contradict each other, or that the server refuses to run with: no restart helps.
            err.println("turnstile: " + e.getMessage());
            return EXIT_USAGE;
        } catch (StartupException e) {
            err.println("turnstile: " + e.getMessage());
            return EXIT_STARTUP_FAILED;
        }
    }

    /**
     * Loads the plugins. When that fails and the command line or the properties file has a key
     * core does not know, that is reported instead, as a usage error: with no plugin loaded, no
     * plugin setting can be right, and the user's typo is the likelier mistake.
     */
    private LoadedPlugins load(Options coreOptions, Arguments core, ConfigFile file)
            throws StartupException, UsageException {
        try {
            return PluginLoader.load(coreOptions.pluginsDir(), Main.class.getClassLoader());
        } catch (StartupException e) {
            if (core.unmatched()) {
                CommandSpecs.commandLine(List.of()).parseArgs(args);
            }
            Options.resolve(core.settings(), file, environment, home, List.of());
            throw e;
        }
    }

    /** {@code --help}: core's options and the loaded plugins' settings, or a line saying why those are missing. */
    private int help(Arguments core) {
        List<Setting<?>> plugins = List.of();
        String missing = null;
        try {
            Options coreOptions = Options.resolveCore(core.settings(), ConfigFile.read(core.config(), home), environment,
                    home);
            try (LoadedPlugins loaded = PluginLoader.load(coreOptions.pluginsDir(), Main.class.getClassLoader())) {
                plugins = PluginSettings.of(loaded.list()).all();
            }
        } catch (UsageException | StartupException e) {
            missing = "Plugin settings are not listed: " + e.getMessage();
        }
        CommandSpecs.commandLine(plugins).usage(out);
        if (missing != null) {
            out.println(missing);
        }
        out.flush();
        return EXIT_OK;
    }

    private int usageError(ParameterException e) {
        err.println("turnstile: " + StartupException.oneLine(e.getMessage()) + "; try --help");
        return EXIT_USAGE;
    }

    private static Path home() {
        String property = System.getProperty("turnstile.home");
        Path home = property == null || property.isBlank() ? Path.of("") : Path.of(property);
        return home.toAbsolutePath().normalize();
    }
}
