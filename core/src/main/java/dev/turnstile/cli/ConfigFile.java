package dev.turnstile.cli;

import dev.turnstile.server.ValueFormats;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The settings of a properties file ({@code conf/turnstile.properties} by default), read once per
 * run. Every key must be a setting of core or of a loaded plugin ({@link #requireKnown}), so a typo
 * stops start-up instead of being silently ignored.
 *
 * @param file the file read, or {@code null} when the default file does not exist
 * @param values the settings the file gives, by key, in key order
 */
record ConfigFile(Path file, Map<String, String> values) {

    /** The file read when {@code --config} is not given, relative to the home. */
    static final Path DEFAULT = Path.of("conf", "turnstile.properties");

    /**
     * @param configOption the {@code --config} argument, or {@code null} for the default file
     * @param home the installation folder; a relative {@code --config} is resolved against it
     * @return the file's settings; none when the default file does not exist
     * @throws UsageException when an explicit file is missing or a file cannot be read
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
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new UsageException("cannot read configuration file " + file + ": " + StartupException.oneLine(reason));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            values.put(key, properties.getProperty(key));
        }
        return new ConfigFile(file, values);
    }

    /**
     * @param known every key of core and of the loaded plugins, in the order to list them
     * @throws UsageException naming the first unknown key, the file and the known keys
     */
    void requireKnown(Collection<String> known) throws UsageException {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                throw new UsageException("unknown key " + UsageException.quote(key) + " in " + file + "; the keys are "
                        + String.join(", ", known));
            }
        }
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
}
