package dev.turnstile.testing;

import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.SettingValues;
import dev.turnstile.spi.Plugin;
import dev.turnstile.spi.PluginContext;
import dev.turnstile.spi.ServerTimer;
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
 * A {@link PluginContext} for calling a plugin's {@link Plugin#start start} in a unit test: a data
 * folder, an installation folder, the setting values the test gives (as text, read by the server's
 * own {@link SettingValues}, so a value the server would refuse is refused here too), the declared
 * defaults, and a {@link ManualTimer}.
 *
 * <pre>{@code
 * @TempDir Path tmp;
 *
 * @Test
 * void greetsWithTheConfiguredWord() throws Exception {
 *     HelloPlugin plugin = new HelloPlugin();
 *     List<? extends Handler> handlers = plugin.start(FakePluginContext.in(tmp).declaredBy(plugin)
 *             .withSetting("hello-greeting", "Hi"));
 *     ...
 * }
 * }</pre>
 *
 * <p>Without {@link #declaredBy}, {@link #find} answers any setting the plugin asks for, from the
 * test's text or the setting's default. With it, the context answers as the server does: a setting
 * the plugin did not declare is refused ({@link IllegalArgumentException}), and {@link #withSetting}
 * refuses an undeclared key or a value its declaration does not accept, which the server would
 * refuse at start-up.
 *
 * <p>{@link #maxAttachmentBytes()} is the server's default (16 MiB) unless
 * {@link #withMaxAttachmentBytes} says otherwise.
 */
public final class FakePluginContext implements PluginContext {

    private final Path dataDir;
    private Path home;
    private ServerTimer timer = new ManualTimer();
    private long maxAttachmentBytes = ServerConfig.defaults().maxAttachmentBytes();
    private final Map<String, String> settings = new LinkedHashMap<>();
    private List<Setting<?>> declared;

    private FakePluginContext(Path dataDir) {
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
    public static FakePluginContext in(Path dataDir) {
        Objects.requireNonNull(dataDir, "dataDir");
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FakePluginContext(dataDir);
    }

    /**
     * Changes the installation folder, against which path settings are resolved; by default it is
     * the data folder.
     *
     * @param installation what {@link #home()} answers
     * @return this context
     */
    public FakePluginContext withHome(Path installation) {
        this.home = installation.toAbsolutePath();
        return this;
    }

    /**
     * Gives a setting a value, as text, as it would come from the command line.
     *
     * @param key the setting's key, such as {@code "hello-greeting"}
     * @param value its value
     * @return this context
     * @throws IllegalArgumentException after {@link #declaredBy}, for a key the plugin does not
     *     declare or a value its declaration refuses (the message says what it accepts)
     */
    public FakePluginContext withSetting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (declared != null) {
            check(declared, key, value);
        }
        settings.put(key, value);
        return this;
    }

    /**
     * Answers settings as the server does for this plugin: only its declared keys, with their
     * defaults.
     *
     * @param plugin the plugin whose {@link Plugin#settings()} to follow
     * @return this context
     * @throws IllegalArgumentException when a setting already given is not declared by the plugin,
     *     or its value is refused
     */
    public FakePluginContext declaredBy(Plugin plugin) {
        List<Setting<?>> declarations = List.copyOf(plugin.settings());
        settings.forEach((key, value) -> check(declarations, key, value));
        this.declared = declarations;
        return this;
    }

    /**
     * Uses another timer, such as one the test shares with other contexts.
     *
     * @param serverTimer what {@link #timer()} answers
     * @return this context
     */
    public FakePluginContext withTimer(ServerTimer serverTimer) {
        this.timer = Objects.requireNonNull(serverTimer, "serverTimer");
        return this;
    }

    /**
     * Sets the attachment limit, as {@code --max-attachment-bytes} does for the server.
     *
     * @param limit what {@link #maxAttachmentBytes()} answers, 0 or more
     * @return this context
     */
    public FakePluginContext withMaxAttachmentBytes(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("an attachment limit is 0 or more bytes");
        }
        this.maxAttachmentBytes = limit;
        return this;
    }

    @Override
    public long maxAttachmentBytes() {
        return maxAttachmentBytes;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path home() {
        return home;
    }

    /**
     * @throws IllegalArgumentException after {@link #declaredBy}, for a setting the plugin did not
     *     declare; or when the test's text is not what the setting accepts
     */
    @Override
    public <T> Optional<T> find(Setting<T> setting) {
        return SettingValues.read(declared != null ? declared : List.of(setting), settings, home).find(setting);
    }

    /** @return the timer: a {@link ManualTimer} unless {@link #withTimer} gave another */
    @Override
    public ServerTimer timer() {
        return timer;
    }

    /**
     * @return the {@link ManualTimer}, to move it
     * @throws IllegalStateException when {@link #withTimer} gave a timer of another kind
     */
    public ManualTimer manualTimer() {
        if (timer instanceof ManualTimer manual) {
            return manual;
        }
        throw new IllegalStateException("this context's timer is a " + timer.getClass().getName());
    }

    /** @return the settings the test gave, as text, read-only */
    public Map<String, String> settings() {
        return Collections.unmodifiableMap(settings);
    }

    private void check(List<Setting<?>> declarations, String key, String value) {
        Setting<?> setting = declarations.stream().filter(s -> s.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the plugin declares no setting \"" + key
                        + "\"; it declares " + declarations.stream().map(Setting::key).toList()));
        SettingValues.read(List.of(setting), Map.of(key, value), home);
    }

    @Override
    public String toString() {
        return "FakePluginContext[dataDir=" + dataDir + ", settings=" + settings.keySet() + "]";
    }
}
