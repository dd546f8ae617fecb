package dev.turnstile.server;

import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything the server needs to run, already validated: a value for each {@linkplain CoreSettings
 * core setting}, the plugin settings given as text (each checked against its plugin's declaration
 * when the server starts), and the installation folder. Immutable: {@link #with} and the
 * convenience {@code with…} methods return changed copies. {@link #toString()} never shows a
 * secret's value or any plugin setting's value.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(tempDir)
 *         .withSetting("auth-secret", "open sesame");
 * }</pre>
 */
public final class ServerConfig {

    /** The request size limit before a client has logged in. */
    public static final int MAX_LOGIN_REQUEST_BYTES = 16 * 1024;

    private static final ServerConfig DEFAULTS = new ServerConfig(defaultValues(), Map.of(), Path.of(""));

    /** Core values by setting; a setting that is not set (its default is empty) is absent. */
    private final Map<Setting<?>, Object> values;
    private final Map<String, String> settings;
    private final Path home;

    private ServerConfig(Map<Setting<?>, Object> values, Map<String, String> settings, Path home) {
        this.values = values;
        this.settings = settings;
        this.home = home.toAbsolutePath().normalize();
    }

    /** @return every core setting at its default, with the working directory as the home */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    private static Map<Setting<?>, Object> defaultValues() {
        Map<Setting<?>, Object> values = new LinkedHashMap<>();
        for (Setting<?> setting : CoreSettings.ALL) {
            Object value = ValueFormats.parse(setting, setting.defaultText());
            if (value != null) {
                values.put(setting, value);
            }
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * @param setting a core setting
     * @param <T> its type
     * @return its value, or {@code null} when it is not set; a path as given, see {@link #dataDir()}
     *     and the like for resolved ones
     */
    public <T> T get(Setting<T> setting) {
        return setting.type().cast(values.get(setting));
    }

    /**
     * @param setting a core setting
     * @param value its new value, or {@code null} for "not set" where the default is empty
     * @param <T> its type
     * @return a copy with that value
     * @throws IllegalArgumentException when the value is outside the setting's bounds, or the
     *     setting is not a core one
     */
    public <T> ServerConfig with(Setting<T> setting, T value) {
        if (!CoreSettings.ALL.contains(setting)) {
            throw new IllegalArgumentException(setting.key() + " is not a core setting; give a plugin's with withSetting");
        }
        Map<Setting<?>, Object> changed = new LinkedHashMap<>(values);
        if (value == null) {
            if (!setting.defaultText().isEmpty()) {
                throw new IllegalArgumentException(setting.key() + " always has a value");
            }
            changed.remove(setting);
        } else {
            changed.put(setting, CoreSettings.check(setting, value));
        }
        return new ServerConfig(Collections.unmodifiableMap(changed), settings, home);
    }

    /**
     * A plugin setting, as if given in the properties file. The server refuses to start when no
     * plugin declares the key, or the value is not what its declaration accepts.
     *
     * @param key the key a plugin declares, such as {@code auth-secret}
     * @param value its value as text; {@code null} removes it
     * @return a copy with that setting
     */
    public ServerConfig withSetting(String key, String value) {
        Objects.requireNonNull(key, "key");
        Map<String, String> changed = new TreeMap<>(settings);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return new ServerConfig(values, Collections.unmodifiableMap(changed), home);
    }

    /**
     * @param value the installation folder, against which relative paths are resolved
     * @return a copy with that home
     */
    public ServerConfig withHome(Path value) {
        return new ServerConfig(values, settings, value);
    }

    public ServerConfig withHost(String value) {
        return with(CoreSettings.HOST, value);
    }

    public ServerConfig withPort(int value) {
        return with(CoreSettings.PORT, (long) value);
    }

    public ServerConfig withBusy(BusyPolicy value) {
        return with(CoreSettings.BUSY, value.name().toLowerCase(Locale.ROOT));
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return with(CoreSettings.IDLE_TIMEOUT, value);
    }

    public ServerConfig withLoginTimeout(Duration value) {
        return with(CoreSettings.LOGIN_TIMEOUT, value);
    }

    public ServerConfig withMaxRequestBytes(int value) {
        return with(CoreSettings.MAX_REQUEST_BYTES, (long) value);
    }

    public ServerConfig withMaxPendingBytes(int value) {
        return with(CoreSettings.MAX_PENDING_BYTES, (long) value);
    }

    public ServerConfig withMaxAttachmentBytes(long value) {
        return with(CoreSettings.MAX_ATTACHMENT_BYTES, value);
    }

    public ServerConfig withDataDir(Path value) {
        return with(CoreSettings.DATA_DIR, value);
    }

    /**
     * @param keystore a PKCS12 keystore holding the server's key and certificate, or {@code null} for plain TCP
     * @param password its password, or {@code null} for none
     */
    public ServerConfig withTls(Path keystore, String password) {
        return with(CoreSettings.TLS_KEYSTORE, keystore).with(CoreSettings.TLS_PASSWORD, password);
    }

    /** @return the address to bind */
    public String host() {
        return get(CoreSettings.HOST);
    }

    /** @return the port, 0 for any free one */
    public int port() {
        return get(CoreSettings.PORT).intValue();
    }

    /** @return what to do with a second client */
    public BusyPolicy busy() {
        return BusyPolicy.valueOf(get(CoreSettings.BUSY).toUpperCase(Locale.ROOT));
    }

    /** @return how long a silent client may stay connected; zero for ever */
    public Duration idleTimeout() {
        return get(CoreSettings.IDLE_TIMEOUT);
    }

    /** @return how long a client may stay connected without logging in; zero for ever */
    public Duration loginTimeout() {
        return get(CoreSettings.LOGIN_TIMEOUT);
    }

    /** @return the largest request after login */
    public int maxRequestBytes() {
        return get(CoreSettings.MAX_REQUEST_BYTES).intValue();
    }

    /** @return unsent response bytes above which the server stops reading */
    public int maxPendingBytes() {
        return get(CoreSettings.MAX_PENDING_BYTES).intValue();
    }

    /** @return the largest attachment a request may carry */
    public long maxAttachmentBytes() {
        return get(CoreSettings.MAX_ATTACHMENT_BYTES);
    }

    /** @return the installation folder, absolute */
    public Path home() {
        return home;
    }

    /** @return the data folder, resolved against the home */
    public Path dataDir() {
        return resolve(get(CoreSettings.DATA_DIR));
    }

    /** @return the plugins folder, resolved against the home */
    public Path pluginsDir() {
        return resolve(get(CoreSettings.PLUGINS));
    }

    /** @return the PKCS12 keystore that turns TLS on, resolved against the home, or {@code null} for plain TCP */
    public Path tlsKeystore() {
        Path keystore = get(CoreSettings.TLS_KEYSTORE);
        return keystore == null ? null : resolve(keystore);
    }

    /** @return the keystore's password, or {@code null} for none */
    public String tlsPassword() {
        return get(CoreSettings.TLS_PASSWORD);
    }

    /** @return the plugin settings given, by key, as text; a plugin sees only the ones it declares */
    public Map<String, String> settings() {
        return settings;
    }

    private Path resolve(Path path) {
        return home.resolve(path).normalize();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerConfig that && values.equals(that.values) && settings.equals(that.settings)
                && home.equals(that.home);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, settings, home);
    }

    @Override
    public String toString() {
        String core = CoreSettings.ALL.stream().map(s -> s.key() + "=" + shown(s)).collect(Collectors.joining(", "));
        // A plugin's secret is known only to its handler's declaration: no plugin value is shown.
        return "ServerConfig[" + core + ", home=" + home + ", plugin settings=" + settings.keySet() + "]";
    }

    /** @return the value as a log may show it: a secret only as set or unset */
    private String shown(Setting<?> setting) {
        Object value = values.get(setting);
        if (setting.secret()) {
            return value == null ? "unset" : "set";
        }
        return value == null ? "" : value.toString();
    }
}
