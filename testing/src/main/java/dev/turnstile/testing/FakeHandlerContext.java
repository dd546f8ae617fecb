package dev.turnstile.testing;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.Setting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link HandlerContext} for calling a handler's {@link Handler#start start} in a unit test: a
 * data folder, an installation folder, and the settings the test gives.
 *
 * <pre>{@code
 * @TempDir Path tmp;
 *
 * @Test
 * void greetsWithTheConfiguredWord() throws Exception {
 *     HelloHandler handler = new HelloHandler();
 *     handler.start(FakeHandlerContext.in(tmp).declaredBy(handler).withSetting("hello-greeting", "Hi"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Without {@link #declaredBy}, {@link #setting} answers any key from the map the test gave. With
 * it, the context answers as the server does: only keys the handler {@linkplain Handler#settings()
 * declares} (others are empty), each with its declared default when the test gave no value, and
 * {@link #withSetting} refuses an undeclared key, which the server would refuse at start-up.
 */
public final class FakeHandlerContext implements HandlerContext {

    private final Path dataDir;
    private Path home;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private Map<String, Setting> declared;

    private FakeHandlerContext(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath();
        this.home = this.dataDir;
    }

    /**
     * A context whose data folder, and installation folder, is the given folder (a JUnit
     * {@code @TempDir}, typically); it is created if it does not exist.
     *
     * @param dataDir the data folder
     * @return the context
     * @throws UncheckedIOException when the folder cannot be created
     */
    public static FakeHandlerContext in(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakeHandlerContext(dataDir);
    }

    /**
     * A context in a new temporary folder, for tests that cannot use {@code @TempDir}. The folder
     * is left behind; prefer {@link #in(Path)} with a folder JUnit deletes.
     *
     * @return the context
     * @throws UncheckedIOException when no temporary folder can be created
     */
    public static FakeHandlerContext inTempFolder() {
        try {
            return new FakeHandlerContext(Files.createTempDirectory("turnstile-test-data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Changes the installation folder, against which a handler resolves relative paths in its
     * settings; by default it is the data folder.
     *
     * @param installation what {@link #home()} answers
     * @return this context
     */
    public FakeHandlerContext withHome(Path installation) {
        this.home = installation.toAbsolutePath();
        return this;
    }

    /**
     * Gives a setting a value.
     *
     * @param key the setting's key, such as {@code "hello-greeting"}
     * @param value its value as text, as it would come from the command line
     * @return this context
     * @throws IllegalArgumentException after {@link #declaredBy}, for a key the handler does not declare
     */
    public FakeHandlerContext withSetting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (declared != null && !declared.containsKey(key)) {
            throw new IllegalArgumentException("the handler declares no setting \"" + key + "\"; it declares "
                    + declared.keySet());
        }
        settings.put(key, value);
        return this;
    }

    /**
     * Answers settings as the server does for this handler: only its declared keys, with their
     * defaults.
     *
     * @param handler the handler whose {@link Handler#settings()} to follow
     * @return this context
     * @throws IllegalArgumentException when a setting already given is not declared by the handler
     */
    public FakeHandlerContext declaredBy(Handler handler) {
        Map<String, Setting> byKey = new LinkedHashMap<>();
        List<Setting> declarations = handler.settings();
        for (Setting setting : declarations) {
            byKey.put(setting.key(), setting);
        }
        for (String key : settings.keySet()) {
            if (!byKey.containsKey(key)) {
                throw new IllegalArgumentException("the handler declares no setting \"" + key + "\"; it declares "
                        + byKey.keySet());
            }
        }
        this.declared = byKey;
        return this;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path home() {
        return home;
    }

    @Override
    public Optional<String> setting(String key) {
        if (declared == null) {
            return Optional.ofNullable(settings.get(key));
        }
        Setting declaration = declared.get(key);
        if (declaration == null) {
            return Optional.empty();
        }
        String value = settings.getOrDefault(key, declaration.defaultValue());
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** @return the settings the test gave, read-only */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    @Override
    public String toString() {
        return "FakeHandlerContext[dataDir=" + dataDir + ", settings=" + settings.keySet() + "]";
    }
}
