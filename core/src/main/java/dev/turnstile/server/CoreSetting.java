package dev.turnstile.server;

import dev.turnstile.spi.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One of the server's own settings, and {@link #ALL the table of them}: the single place where
 * each setting's key, default, format, limits and help line are written. The command line
 * ({@code --KEY}), the environment ({@code TURNSTILE_<KEY>}), the properties file, {@code --help},
 * the shipped {@code conf/turnstile.properties} and {@link ServerConfig} all derive from it; plugin
 * settings ({@link Setting}) join the same listing with their own declarations.
 *
 * @param <T> the type of the setting's value
 */
public final class CoreSetting<T> {

    public static final CoreSetting<String> HOST = new CoreSetting<>("host", "127.0.0.1", "ADDRESS",
            "Address to listen on; 0.0.0.0 accepts clients from other machines",
            ValueFormats::host, ValueFormats::host, false);
    public static final CoreSetting<Integer> PORT = new CoreSetting<>("port", "8888", "PORT",
            "Port to listen on; 0 picks a free one (the log names it)",
            ValueFormats::port, ValueFormats::checkPort, false);
    public static final CoreSetting<String> PLUGINS = new CoreSetting<>("plugins", "plugins", "DIR",
            "Folder whose *.jar files are loaded as plugins",
            text -> ValueFormats.path(text).toString(), UnaryOperator.identity(), false);
    public static final CoreSetting<String> DATA_DIR = new CoreSetting<>("data-dir", "data", "DIR",
            "Folder for the handlers' files and the lock file; created if missing",
            text -> ValueFormats.path(text).toString(), UnaryOperator.identity(), false);
    public static final CoreSetting<BusyPolicy> BUSY = new CoreSetting<>("busy", "reject", "POLICY",
            "A second client while one is connected: reject (503) or queue",
            ValueFormats::busy, UnaryOperator.identity(), false);
    public static final CoreSetting<Duration> IDLE_TIMEOUT = new CoreSetting<>("idle-timeout", "300", "TIME",
            "Disconnect a client that sends nothing this long (408); 0 for never",
            ValueFormats::timeout, ValueFormats::checkTimeout, false);
    public static final CoreSetting<Duration> LOGIN_TIMEOUT = new CoreSetting<>("login-timeout", "10", "TIME",
            "Disconnect a client that has not logged in this long (408); 0 for never",
            ValueFormats::timeout, ValueFormats::checkTimeout, false);
    public static final CoreSetting<Integer> MAX_REQUEST_BYTES = new CoreSetting<>("max-request-bytes", "1MiB",
            "SIZE", "Largest request after login (413 and close)",
            ValueFormats::size, ValueFormats::checkSize, false);
    public static final CoreSetting<Integer> MAX_PENDING_BYTES = new CoreSetting<>("max-pending-bytes", "4MiB",
            "SIZE", "Unsent answers above which the server stops reading from the client",
            ValueFormats::size, ValueFormats::checkSize, false);
    /** Empty by default: plain TCP. */
    public static final CoreSetting<String> TLS_KEYSTORE = new CoreSetting<>("tls-keystore", "", "FILE",
            "PKCS12 keystore with the server's key and certificate; setting it turns TLS on",
            ValueFormats::optionalPath, UnaryOperator.identity(), false);
    public static final CoreSetting<String> TLS_PASSWORD = new CoreSetting<>("tls-password", "", "TEXT",
            "Password of the TLS keystore",
            Function.identity(), UnaryOperator.identity(), true);

    /** Every core setting, in the order {@code --help} and the properties file list them. */
    public static final List<CoreSetting<?>> ALL = List.of(HOST, PORT, PLUGINS, DATA_DIR, BUSY, IDLE_TIMEOUT,
            LOGIN_TIMEOUT, MAX_REQUEST_BYTES, MAX_PENDING_BYTES, TLS_KEYSTORE, TLS_PASSWORD);

    private final String key;
    private final String defaultText;
    private final String label;
    private final String help;
    private final Function<String, T> format;
    private final UnaryOperator<T> check;
    private final boolean secret;

    private CoreSetting(String key, String defaultText, String label, String help, Function<String, T> format,
            UnaryOperator<T> check, boolean secret) {
        this.key = key;
        this.defaultText = defaultText;
        this.label = label;
        this.help = help;
        this.format = format;
        this.check = check;
        this.secret = secret;
    }

    /**
     * @param key a key such as {@code port}
     * @return the core setting of that key
     */
    public static Optional<CoreSetting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key.equals(key)).findFirst();
    }

    /** @return the key in the properties file, such as {@code max-request-bytes} */
    public String key() {
        return key;
    }

    /** @return the placeholder {@code --help} shows for the value, such as {@code SIZE} */
    public String label() {
        return label;
    }

    /**
     * The setting as a plugin would declare it, so that listings treat both alike.
     *
     * @return key, help line, default text and whether it is secret
     */
    public Setting declaration() {
        return new Setting(key, help, defaultText, secret);
    }

    /**
     * @param text the value as a user wrote it; surrounding spaces are ignored
     * @return the value
     * @throws IllegalArgumentException saying what was expected
     */
    public T parse(String text) {
        return format.apply(text.strip());
    }

    /** Holds a value given in code to the limits of text. */
    T check(T value) {
        Objects.requireNonNull(value, key);
        return check.apply(value);
    }

    /** @return the value as a log may show it: secrets only as set or unset */
    String show(Object value) {
        if (secret) {
            return value.toString().isEmpty() ? "unset" : "set";
        }
        return value.toString();
    }

    @Override
    public String toString() {
        return key;
    }
}
