package dev.turnstile.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.server.CoreSettings;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.Setting;
import java.io.StringReader;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The shipped {@code conf/turnstile.properties} is written by hand, for its extra notes, and held
 * to the declarations here: every core setting ({@link CoreSettings#ALL}) and every setting of the
 * shipped plugins (found as the server finds them, through {@link ServiceLoader}) appears commented
 * out with its default, its one-line description and its environment variable, and the file names
 * no other key.
 */
class ShippedPropertiesIT {

    @Test
    void thePropertiesFileListsEveryCoreAndShippedPluginSettingAsDeclaredAndNothingElse() throws Exception {
        Map<String, Setting<?>> declared = new LinkedHashMap<>();
        CoreSettings.ALL.forEach(setting -> declared.put(setting.key(), setting));
        for (Plugin plugin : ServiceLoader.load(Plugin.class)) {
            plugin.settings().forEach(setting -> declared.put(setting.key(), setting));
        }
        assertTrue(declared.containsKey("auth-secret"), "the auth plugin's setting is found");

        List<String> lines;
        try (FileSystem zip = Installation.open()) {
            lines = Files.readAllLines(zip.getPath("/turnstile-" + Installation.version() + "/conf/turnstile.properties"));
        }
        StringBuilder uncommented = new StringBuilder();
        List<String> keyLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.isBlank() || line.startsWith("#"), "every line is a comment: " + line);
            if (line.matches("#[a-z][a-z0-9-]*=.*")) {
                keyLines.add(line);
                uncommented.append(line.substring(1)).append('\n');
                String key = line.substring(1, line.indexOf('='));
                Setting<?> setting = declared.get(key);
                if (setting != null) {
                    assertDescribed(setting, lines, i);
                }
            }
        }
        Properties shown = new Properties();
        shown.load(new StringReader(uncommented.toString()));
        Map<String, String> expected = new LinkedHashMap<>();
        declared.values().forEach(setting -> expected.put(setting.key(), setting.defaultText()));
        Map<String, String> actual = new LinkedHashMap<>();
        shown.stringPropertyNames().forEach(key -> actual.put(key, shown.getProperty(key)));
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(actual),
                "each key with its default, each once");
        assertEquals(declared.size(), keyLines.size(), "no key is shown twice");
    }

    /** The comment block right above a key's line holds its description and ends its first line with the variable. */
    private static void assertDescribed(Setting<?> setting, List<String> lines, int keyLine) {
        String variable = "TURNSTILE_" + setting.key().toUpperCase(Locale.ROOT).replace('-', '_');
        int first = keyLine;
        while (first > 0 && lines.get(first - 1).startsWith("# ")) {
            first--;
        }
        String head = lines.get(first);
        assertTrue(head.startsWith("# " + setting.description()) && head.endsWith(variable),
                setting.key() + ": expected '# " + setting.description() + " ... " + variable + "', found '" + head + "'");
        if (setting.secret()) {
            assertFalse(lines.get(keyLine).length() > setting.key().length() + 2, "a secret shows no value");
        }
    }
}
