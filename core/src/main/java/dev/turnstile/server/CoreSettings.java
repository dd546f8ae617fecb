package dev.turnstile.server;

import dev.turnstile.spi.Setting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The server's own settings, declared as a plugin declares its own ({@link Setting}): the single
 * place where each one's key, default, kind, bounds and help line are written. The command line
 * ({@code --KEY}), the environment ({@code TURNSTILE_<KEY>}), the properties file, {@code --help},
 * the shipped {@code conf/turnstile.properties} and {@link ServerConfig} all derive from it, and
 * {@link ValueFormats} reads their values as it reads the plugins'. The one rule a kind cannot say
 * is the host's: text that looks like an address ({@link #check}).
 */
public final class CoreSettings {

    private static final Duration LONGEST_TIMEOUT = Duration.ofDays(365);
    private static final long SMALLEST_BUFFER = 64;
    private static final long LARGEST_BUFFER = 1024L * 1024 * 1024;
    private static final String HOST_EXPECTED = "expected an IP address or a host name";
    // Brackets allow an IPv6 literal written as in a URL; anything else is left to the resolver.
    private static final Pattern HOST_TEXT = Pattern.compile("[A-Za-z0-9._:%\\-\\[\\]]+");

    public static final Setting<String> HOST = Setting.text("host",
            "Address to listen on; 0.0.0.0 accepts clients from other machines", "127.0.0.1");
    public static final Setting<Long> PORT = Setting.integer("port",
            "Port to listen on; 0 picks a free one (the log names it)", 8888, 0, 65535);
    public static final Setting<Path> PLUGINS = Setting.path("plugins",
            "Folder whose *.jar files are loaded as plugins", "plugins");
    public static final Setting<Path> DATA_DIR = Setting.path("data-dir",
            "Folder for the plugins' files and the lock file; created if missing", "data");
    public static final Setting<String> BUSY = Setting.oneOf("busy",
            "A second client while one is connected: reject (503) or queue", "reject", "reject", "queue");
    public static final Setting<Duration> IDLE_TIMEOUT = Setting.duration("idle-timeout",
            "Disconnect a client that sends nothing this long (408); 0 for never", "300", Duration.ZERO,
            LONGEST_TIMEOUT);
    public static final Setting<Duration> LOGIN_TIMEOUT = Setting.duration("login-timeout",
            "Disconnect a client that has not logged in this long (408); 0 for never", "10", Duration.ZERO,
            LONGEST_TIMEOUT);
    public static final Setting<Long> MAX_REQUEST_BYTES = Setting.size("max-request-bytes",
            "Largest request after login (413 and close)", "1MiB", SMALLEST_BUFFER, LARGEST_BUFFER);
    public static final Setting<Long> MAX_PENDING_BYTES = Setting.size("max-pending-bytes",
            "Unsent answers above which the server stops reading from the client", "4MiB", SMALLEST_BUFFER,
            LARGEST_BUFFER);
    /** 0 allows only empty attachments; the bound keeps the input buffer within one Java array. */
    public static final Setting<Long> MAX_ATTACHMENT_BYTES = Setting.size("max-attachment-bytes",
            "Largest binary attachment a request may carry (413 and close)", "16MiB", 0, LARGEST_BUFFER);
    /** Empty by default: plain TCP. */
    public static final Setting<Path> TLS_KEYSTORE = Setting.path("tls-keystore",
            "PKCS12 keystore with the server's key and certificate; setting it turns TLS on", "");
    public static final Setting<String> TLS_PASSWORD = Setting.secret("tls-password", "Password of the TLS keystore");

    /** Every core setting, in the order {@code --help} and the properties file list them. */
    public static final List<Setting<?>> ALL = List.of(HOST, PORT, PLUGINS, DATA_DIR, BUSY, IDLE_TIMEOUT,
            LOGIN_TIMEOUT, MAX_REQUEST_BYTES, MAX_PENDING_BYTES, MAX_ATTACHMENT_BYTES, TLS_KEYSTORE, TLS_PASSWORD);

    private CoreSettings() {
    }

    /**
     * @param key a key such as {@code port}
     * @return the core setting of that key
     */
    public static Optional<Setting<?>> byKey(String key) {
        return ALL.stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * Holds a core value to its kind's bounds ({@link ValueFormats#check}) and the host to the
     * look of an address.
     *
     * @param setting a core setting
     * @param value its value
     * @param <T> its type
     * @return the value
     * @throws IllegalArgumentException saying what was expected
     */
    static <T> T check(Setting<T> setting, T value) {
        if (setting == HOST && !HOST_TEXT.matcher((String) value).matches()) {
            throw new IllegalArgumentException(HOST_EXPECTED);
        }
        return ValueFormats.check(setting, value);
    }
}
