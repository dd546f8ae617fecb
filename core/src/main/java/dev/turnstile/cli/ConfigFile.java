package dev.turnstile.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The settings of a properties file ({@code conf/turnstile.properties} by default). Every key
 * must be a known setting, so a typo stops start-up instead of being silently ignored.
 *
 * @param file the file read, or {@code null} when the default file does not exist
 * @param values the settings the file gives
 */
record ConfigFile(Path file, Map<Setting, String> values) {

    /** The file read when {@code --config} is not given, relative to the home. */
    static final Path DEFAULT = Path.of("conf", "turnstile.properties");

    /**
     * @param configOption the {@code --config} argument, or {@code null} for the default file
     * @param home the installation folder; a relative {@code --config} is resolved against it
     * @return the file's settings; none when the default file does not exist
     * @throws UsageException when an explicit file is missing, a file cannot be read, or it
     *     holds a key that is not a setting
     */
    static ConfigFile read(String configOption, Path home) throws UsageException {
        Path file = locate(configOption, home);
        if (configOption == null && !Files.exists(file)) {
            return new ConfigFile(null, Map.of());
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read configuration file " + file + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            // IllegalArgumentException is how Properties reports a malformed \\u escape.
            throw new UsageException("cannot read configuration file " + file + ": " + oneLine(e));
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            Setting setting = Setting.byKey(key).orElseThrow(() -> new UsageException(
                    "unknown key " + UsageException.quote(key) + " in " + file + "; the keys are "
                            + Arrays.stream(Setting.values()).map(Setting::key).collect(Collectors.joining(", "))));
            values.put(setting, properties.getProperty(key));
        }
        return new ConfigFile(file, values);
    }

    private static Path locate(String configOption, Path home) throws UsageException {
        if (configOption == null) {
            return home.resolve(DEFAULT).normalize();
        }
        try {
            return home.resolve(ValueFormats.path(configOption.strip())).normalize();
        } catch (IllegalArgumentException e) {
            throw new UsageException("invalid --config " + UsageException.quote(configOption)
                    + ": expected the path of a properties file");
        }
    }

    private static String oneLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ");
    }
}
