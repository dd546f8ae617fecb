package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commonest command lines read without picocli, checked against picocli itself. */
class OneShotArgumentsTest {

    private static final List<String[]> READ_ALIKE = List.of(
            new String[] {"/ping"},
            new String[] {"-p", "9000", "/echo", "data=\"hi\""},
            new String[] {"/echo", "-h", "example.org", "--port", "1", "--raw", "n=3", "--wait"},
            new String[] {"--hostname", "box", "--json", "{\"a\":1}", "/echo", "x=y", "z=", "=v"},
            new String[] {"--host", "::1", "/echo", "words with spaces=and = signs"},
            new String[] {"--hostname", "", "relative", "pair"},
            new String[] {"-p", "0123", "/ping"},
            new String[] {"-p", "999999999", "/ping"},
            new String[] {"pull", "mirror"},
            new String[] {"-p", "9000", "--wait", "push", "--delete", "work"},
            new String[] {"--host", "box", "pull", "-n", "mirror", "--window", "4", "--delete"},
            new String[] {"push", "--dry-run", "./a folder"});

    private static final List<String[]> LEFT_TO_PICOCLI = List.of(
            new String[] {},
            new String[] {"--json", "{\"url\":\"/echo\"}"},
            new String[] {"pull"},
            new String[] {"pull", "a", "b"},
            new String[] {"pull", "push"},
            new String[] {"pull", "-p", "9000", "mirror"},
            new String[] {"pull", "--help"},
            new String[] {"pull", "--window", "x", "mirror"},
            new String[] {"pull", "-n", "--dry-run", "mirror"},
            new String[] {"pull", "nul\u0000"},
            new String[] {"/echo", "pull", "mirror"},
            new String[] {"--pipe"},
            new String[] {"--help"},
            new String[] {"-V"},
            new String[] {"--tls", "/ping"},
            new String[] {"-p8888", "/ping"},
            new String[] {"--port=8888", "/ping"},
            new String[] {"-p", "1", "-p", "2", "/ping"},
            new String[] {"-p", "1", "--port", "2", "/ping"},
            new String[] {"--raw", "--raw", "/ping"},
            new String[] {"-p", "x", "/ping"},
            new String[] {"-p", "", "/ping"},
            new String[] {"-p", "-1", "/ping"},
            new String[] {"-p", "1234567890", "/ping"},
            new String[] {"/ping", "-p"},
            new String[] {"/ping", "--json", "-x"},
            new String[] {"/ping", "--"},
            new String[] {"/ping", "-x"},
            new String[] {"/echo", "@file"},
            new String[] {"--hostname", "@name", "/ping"});

    @Test
    void everyCommandLineItReadsGivesTheFieldsPicocliGives() throws Exception {
        for (String[] args : READ_ALIKE) {
            Main quick = newMain();
            Main picocli = newMain();
            List<CommandLine> parsed = Main.commandLine(picocli, FolderOpener.SERVER, false).parseArgs(args).asCommandLineList();
            Object picocliCommand = parsed.get(parsed.size() - 1).getCommand();

            Callable<Integer> quickCommand = OneShotArguments.read(args, quick, FolderOpener.SERVER, false);

            assertNotNull(quickCommand, Arrays.toString(args));
            assertEquals(picocliCommand.getClass(), quickCommand.getClass(), Arrays.toString(args));
            assertEquals(fields(picocli), fields(quick), Arrays.toString(args));
            if (quickCommand instanceof SyncCommand sync) {
                assertEquals(fields(picocliCommand), fields(sync), Arrays.toString(args));
                assertSame(quick, sync.parent);
            }
        }
    }

    @Test
    void everyOtherCommandLineIsLeftToPicocliWithTheFieldsUntouched() throws Exception {
        Map<String, Object> untouched = fields(newMain());
        for (String[] args : LEFT_TO_PICOCLI) {
            Main main = newMain();

            assertNull(OneShotArguments.read(args, main, FolderOpener.SERVER, false), Arrays.toString(args));
            assertEquals(untouched, fields(main), Arrays.toString(args));
        }
    }

    @Test
    void aPicocliSystemPropertyLeavesEveryCommandLineToPicocli() {
        System.setProperty("picocli.trimQuotes", "true");
        try {
            assertNull(OneShotArguments.read(new String[] {"/ping"}, newMain(), FolderOpener.SERVER, false));
        } finally {
            System.clearProperty("picocli.trimQuotes");
        }
    }

    private static Main newMain() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        return new Main(new ByteArrayInputStream(new byte[0]), nowhere, nowhere, Map.of());
    }

    /** @return every field picocli sets, by name, but the parent command: an option added later is compared too */
    private static Map<String, Object> fields(Object command) throws IllegalAccessException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Field field : command.getClass().getDeclaredFields()) {
            if (field.isAnnotationPresent(Option.class) || field.isAnnotationPresent(Parameters.class)) {
                field.setAccessible(true);
                values.put(field.getName(), field.get(command));
            }
        }
        return values;
    }
}
