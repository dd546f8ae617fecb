package dev.turnstile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.turnstile.spi.Setting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.ParameterException;

/**
 * {@link SettingArguments} against picocli's own reading of the same command line: where it reads
 * a line at all, both readings, the lenient one before the plugins and the strict one after, must
 * agree field by field, and a line it cannot judge must be left to picocli.
 */
class SettingArgumentsTest {

    private static final List<Setting<?>> PLUGINS = List.of(Setting.path("shared-root", "The shared folder", "share"),
            Setting.secret("shared-key", "A key"));

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "--port 0",
        "--port 8888 --data-dir /tmp/data",
        "--check",
        "--check --port 1",
        "--port 1 --check",
        "--config my.properties --host 127.0.0.1",
        "--shared-root /srv/share --port 9",
        "--port abc",
        "--port @file",
        "--data-dir ''",
        "--tls-password s3cret --shared-key k"})
    void readsAsPicocliDoes(String line) {
        String[] args = words(line);

        SettingArguments plain = SettingArguments.read(args);

        assertNotNull(plain, line);
        assertEquals(lenient(args), plain.core(), line);
        assertEquals(CommandSpecs.arguments(CommandSpecs.commandLine(PLUGINS).parseArgs(args)), plain.all(PLUGINS),
                line);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--prot 8080", "--port 1 --sharedroot x"})
    void leavesAKeyNobodyDeclaresForPicocliToReport(String line) {
        String[] args = words(line);

        SettingArguments plain = SettingArguments.read(args);

        assertEquals(lenient(args), plain.core(), line);
        assertNull(plain.all(PLUGINS), line);
        assertThrows(ParameterException.class, () -> CommandSpecs.commandLine(PLUGINS).parseArgs(args));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--port=1",
        "--port 1 --port 2",
        "--check --check",
        "--config a --config b",
        "--help",
        "-h",
        "--version",
        "-V",
        "--help x",
        "--version x",
        "--port",
        "--port -1",
        "--port --check",
        "stray",
        "--port 1 stray",
        "--",
        "-- --port 1"})
    void leavesEveryOtherLineToPicocli(String line) {
        assertNull(SettingArguments.read(words(line)), line);
    }

    private static Arguments lenient(String[] args) {
        return CommandSpecs.arguments(CommandSpecs.commandLine(List.of()).setUnmatchedArgumentsAllowed(true)
                .parseArgs(args));
    }

    /** Splits on spaces; {@code ''} stands for an empty word. */
    private static String[] words(String line) {
        return line.isEmpty() ? new String[0]
                : List.of(line.split(" ")).stream().map(word -> word.equals("''") ? "" : word).toArray(String[]::new);
    }
}
