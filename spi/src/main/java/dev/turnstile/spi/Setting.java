package dev.turnstile.spi;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A setting a handler reads, declared by {@link Handler#settings()}. The server gives it like its
 * own options: {@code --KEY} on the command line, then the environment variable
 * {@code TURNSTILE_<KEY>} (upper case, {@code -} as {@code _}), then {@code conf/turnstile.properties},
 * then the default declared here. {@code --help} and the shipped properties file list it, and the
 * handler reads its value with {@link HandlerContext#setting(String)}.
 *
 * <pre>{@code
 * public List<Setting> settings() {
 *     return List.of(Setting.of("files-root", "Folder to share", "share"));
 * }
 * }</pre>
 *
 * @param key the key: lower-case letters, digits and {@code -}, starting with a letter, such as
 *     {@code files-root}; prefix it with your plugin's name so that plugins do not collide
 * @param description one line for {@code --help} and the properties file
 * @param defaultValue the value when none is given; empty means "not set"
 * @param secret whether the value must never be shown (in logs, {@code --help} or warnings); the
 *     server warns when a secret sits in a properties file that group or others can read
 */
public record Setting(String key, String description, String defaultValue, boolean secret) {

    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(defaultValue, "defaultValue");
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("a setting key is lower-case words joined by \"-\", not \"" + key + '"');
        }
        if (description.isBlank() || description.contains("\n")) {
            throw new IllegalArgumentException("the description of " + key + " must be one line");
        }
    }

    /**
     * A setting whose value may be shown.
     *
     * @param key the key, such as {@code files-writable}
     * @param description one line
     * @param defaultValue the value when none is given; empty for "not set"
     * @return the declaration
     */
    public static Setting of(String key, String description, String defaultValue) {
        return new Setting(key, description, defaultValue, false);
    }

    /**
     * A secret with no default, such as a password: never logged or shown.
     *
     * @param key the key, such as {@code auth-secret}
     * @param description one line
     * @return the declaration
     */
    public static Setting secret(String key, String description) {
        return new Setting(key, description, "", true);
    }
}
