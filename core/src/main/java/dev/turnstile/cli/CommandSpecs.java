package dev.turnstile.cli;

import dev.turnstile.server.CoreSettings;
import dev.turnstile.server.SettingNames;
import dev.turnstile.server.ValueFormats;
import dev.turnstile.spi.Setting;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code turnstile} command line, built from the settings table rather than annotations: one
 * {@code --KEY} option per core setting ({@link CoreSettings#ALL}) and per plugin setting, each with
 * the placeholder of its kind ({@code TIME}, {@code SIZE}, {@code PATH}, …) and its default, then
 * the options that only make sense on the command line. {@code --help} is generated from the same
 * declarations, so it cannot drift from what is accepted.
 */
final class CommandSpecs {

    static final String CONFIG = "--config";
    static final String CHECK = "--check";
    static final String HEALTH = "--health";

    private CommandSpecs() {
    }

    /**
     * @param plugins the settings the loaded plugins declare, listed after core's
     * @return a command line that parses {@code turnstile}'s arguments
     */
    static CommandLine commandLine(List<Setting<?>> plugins) {
        CommandSpec spec = CommandSpec.create().name("turnstile").mixinStandardHelpOptions(true)
                .versionProvider(new CoreVersion());
        spec.usageMessage()
                .description("A TCP server that speaks JSON, serves one client at a time and routes each url to a plugin.")
                .sortOptions(false)
                .autoWidth(true)
                .footerHeading("%n")
                .footer("Settings come from the command line, then TURNSTILE_<KEY> variables,",
                        "then the --config file, then the defaults. Relative paths are resolved",
                        "against the installation folder. A SIZE is bytes or takes KiB, MiB or GiB",
                        "(4MiB); a TIME is seconds or takes ms, s, m, h or d (90s, 5m), and 0 means",
                        "none. Every value is checked before the server starts (also by --check).",
                        "Exit codes: 0 stopped cleanly, 1 start-up failed, 2 usage error or",
                        "settings the server refuses to run with. --health: 0 the server answers,",
                        "1 it does not.");
        for (Setting<?> setting : CoreSettings.ALL) {
            spec.addOption(option(setting));
        }
        for (Setting<?> setting : plugins) {
            spec.addOption(option(setting));
        }
        spec.addOption(OptionSpec.builder(CONFIG).paramLabel("FILE").type(String.class)
                // The path on a line of its own: picocli would break it after "turnstile.".
                .description("Properties file to read instead of the default,", "conf/turnstile.properties").build());
        spec.addOption(OptionSpec.builder(CHECK).type(boolean.class)
                .description("Check every setting, start the plugins (holding the data folder's lock), print the"
                        + " routes, stop them and exit without listening.")
                .build());
        spec.addOption(OptionSpec.builder(HEALTH).type(boolean.class)
                .description("Ask the server these settings describe, on this machine, for one answer without a"
                        + " token: exit 0 if it answers, 1 if not. Needs no secret.")
                .build());
        return new CommandLine(spec).setExpandAtFiles(false);
    }

    /**
     * @param parsed a parse of {@link #commandLine}
     * @return the settings given on the command line, by key, as typed, and the other options
     */
    static Arguments arguments(ParseResult parsed) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String name = option.longestName();
            // Every other option is a setting: core's or a plugin's, named --KEY.
            if (!name.equals(CONFIG) && !name.equals(CHECK) && !name.equals(HEALTH) && !option.usageHelp()
                    && !option.versionHelp()) {
                given.put(name.substring(2), parsed.matchedOptionValue(name, (String) null));
            }
        }
        return new Arguments(given, parsed.matchedOptionValue(CONFIG, null), parsed.hasMatchedOption(CHECK),
                parsed.hasMatchedOption(HEALTH), !parsed.unmatched().isEmpty());
    }

    /** One line: what it is, its default unless it is a secret, and its environment variable. */
    private static OptionSpec option(Setting<?> setting) {
        String variable = SettingNames.environmentVariable(setting.key());
        String description;
        if (setting.secret()) {
            description = setting.description() + ". A secret: prefer " + variable + ", the command line is public";
        } else if (setting.defaultText().isEmpty()) {
            description = setting.description() + " (default none). " + variable;
        } else {
            description = setting.description() + " (default " + setting.defaultText() + "). " + variable;
        }
        return OptionSpec.builder(SettingNames.option(setting.key())).paramLabel(ValueFormats.placeholder(setting))
                .type(String.class)
                .description(description).build();
    }
}
