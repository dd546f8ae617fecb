package dev.turnstile.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything the server needs to run, already validated: a value for each {@linkplain CoreSetting
 * core setting}, the plugin settings given (checked against the handlers' declarations when the
 * server starts), and the installation folder. Immutable: {@link #with} and the convenience
 * {@code with…} methods return changed copies. {@link #toString()} never shows a secret's value
 * or any plugin setting's value.
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

    private final Map<CoreSetting<?>, Object> values;
    private final Map<String, String> settings;
    private final Path home;

    private ServerConfig(Map<CoreSetting<?>, Object> values, Map<String, String> settings, Path home) {
        this.values = values;
        this.settings = settings;
        this.home = home.toAbsolutePath().normalize();
    }

    /** @return every core setting at its default, with the working directory as the home */
    public static ServerConfig defaults() {
        return DEFAULTS;
    }

    private static Map<CoreSetting<?>, Object> defaultValues() {
        Map<CoreSetting<?>, Object> values = new LinkedHashMap<>();
        for (CoreSetting<?> setting : CoreSetting.ALL) {
            values.put(setting, setting.parse(setting.declaration().defaultValue()));
        }
        return Collections.unmodifiableMap(values);
    }

    /**
     * @param setting a core setting
     * @param <T> its type
     * @return its value; a path as given, see {@link #dataDir()} and the like for resolved ones
     */
    public <T> T get(CoreSetting<T> setting) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(setting);
        return value;
    }

    /**
     * @param setting a core setting
     * @param value its new value
     * @param <T> its type
     * @return a copy with that value
     * @throws IllegalArgumentException when the value is outside the setting's limits
     */
    public <T> ServerConfig with(CoreSetting<T> setting, T value) {
        Map<CoreSetting<?>, Object> changed = new LinkedHashMap<>(values);
        changed.put(setting, setting.check(value));
        return new ServerConfig(Collections.unmodifiableMap(changed), settings, home);
    }

    /**
     * A plugin setting, as if given in the properties file. The server refuses to start when no
     * handler of its route table declares the key.
     *
     * @param key the key a handler declares, such as {@code auth-secret}
     * @param value its value; {@code null} removes it
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
        return with(CoreSetting.HOST, value);
    }

    public ServerConfig withPort(int value) {
        return with(CoreSetting.PORT, value);
    }

    public ServerConfig withBusy(BusyPolicy value) {
        return with(CoreSetting.BUSY, value);
    }

    public ServerConfig withIdleTimeout(Duration value) {
        return with(CoreSetting.IDLE_TIMEOUT, value);
    }

    public ServerConfig withLoginTimeout(Duration value) {
        return with(CoreSetting.LOGIN_TIMEOUT, value);
    }

    public ServerConfig withMaxRequestBytes(int value) {
        return with(CoreSetting.MAX_REQUEST_BYTES, value);
    }

    public ServerConfig withMaxPendingBytes(int value) {
        return with(CoreSetting.MAX_PENDING_BYTES, value);
    }

    public ServerConfig withDataDir(Path value) {
        return with(CoreSetting.DATA_DIR, value.toString());
    }

    /**
     * @param keystore a PKCS12 keystore holding the server's key and certificate, or {@code null} for plain TCP
     * @param password its password, or {@code null} for none
     */
    public ServerConfig withTls(Path keystore, String password) {
        return with(CoreSetting.TLS_KEYSTORE, keystore == null ? "" : keystore.toString())
                .with(CoreSetting.TLS_PASSWORD, password == null ? "" : password);
    }

    /** @return the address to bind */
    public String host() {
        return get(CoreSetting.HOST);
    }

    /** @return the port, 0 for any free one */
    public int port() {
        return get(CoreSetting.PORT);
    }

    /** @return what to do with a second client */
    public BusyPolicy busy() {
        return get(CoreSetting.BUSY);
    }

    /** @return how long a silent client may stay connected; zero for ever */
    public Duration idleTimeout() {
        return get(CoreSetting.IDLE_TIMEOUT);
    }

    /** @return how long a client may stay connected without logging in; zero for ever */
    public Duration loginTimeout() {
        return get(CoreSetting.LOGIN_TIMEOUT);
    }

    /** @return the largest request after login */
    public int maxRequestBytes() {
        return get(CoreSetting.MAX_REQUEST_BYTES);
    }

    /** @return unsent response bytes above which the server stops reading */
    public int maxPendingBytes() {
        return get(CoreSetting.MAX_PENDING_BYTES);
    }

    /** @return the installation folder, absolute */
    public Path home() {
        return home;
    }

    /** @return the data folder, resolved against the home */
    public Path dataDir() {
        return resolve(get(CoreSetting.DATA_DIR));
    }

    /** @return the plugins folder, resolved against the home */
    public Path pluginsDir() {
        return resolve(get(CoreSetting.PLUGINS));
    }

    /** @return the PKCS12 keystore that turns TLS on, resolved against the home, or {@code null} for plain TCP */
    public Path tlsKeystore() {
        String keystore = get(CoreSetting.TLS_KEYSTORE);
        return keystore.isEmpty() ? null : resolve(keystore);
    }

    /** @return the keystore's password, or {@code null} for none */
    public String tlsPassword() {
        String password = get(CoreSetting.TLS_PASSWORD);
        return password.isEmpty() ? null : password;
    }

    /** @return the plugin settings given, by key; handlers see only the ones they declare */
    public Map<String, String> settings() {
        return settings;
    }

    private Path resolve(String path) {
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
        String core = values.entrySet().stream().map(e -> e.getKey().key() + "=" + e.getKey().show(e.getValue()))
                .collect(Collectors.joining(", "));
        // A plugin's secret is known only to its handler's declaration: no plugin value is shown.
        return "ServerConfig[" + core + ", home=" + home + ", plugin settings=" + settings.keySet() + "]";
    }
}
