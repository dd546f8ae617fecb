package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTest {

    @Test
    void eachFactoryGivesItsKindTypeAndDefaultText() {
        assertEquals(Setting.Kind.TEXT, Setting.text("a-text", "A text", "x").kind());
        assertEquals(String.class, Setting.text("a-text", "A text", "x").type());
        assertEquals("true", Setting.bool("a-flag", "A flag", true).defaultText());
        assertEquals(Boolean.class, Setting.bool("a-flag", "A flag", true).type());
        assertEquals(Long.class, Setting.integer("a-count", "A count", 3, 1, 9).type());
        assertEquals(Duration.class, Setting.duration("a-wait", "A wait", "5s", Duration.ZERO, Duration.ofHours(1)).type());
        assertEquals(Long.class, Setting.size("a-size", "A size", "1MiB", 1, 1 << 30).type());
        assertEquals(Path.class, Setting.path("a-path", "A path", "share").type());
        assertEquals(List.of("one", "two"), Setting.oneOf("a-word", "A word", "one", "one", "two").words());
    }

    @Test
    void aSecretHasNoDefaultAndIsSecret() {
        Setting<String> secret = Setting.secret("a-secret", "A secret");

        assertTrue(secret.secret());
        assertEquals("", secret.defaultText());
        assertFalse(Setting.text("a-text", "A text", "").secret());
    }

    @Test
    void aDurationKeepsItsBoundsInNanoseconds() {
        Setting<Duration> wait = Setting.duration("a-wait", "A wait", "5s", Duration.ofMillis(1), Duration.ofSeconds(2));

        assertEquals(1_000_000L, wait.min());
        assertEquals(2_000_000_000L, wait.max());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Files-root", "files_root", "-files", "files-", "files--root", "1files"})
    void aKeyIsLowerCaseWordsJoinedByDashes(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Setting.text(key, "A text", ""));
        assertTrue(e.getMessage().contains("lower-case words"), e.getMessage());
    }

    @Test
    void aDescriptionIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> Setting.text("a-text", " ", ""));
        assertThrows(IllegalArgumentException.class, () -> Setting.text("a-text", "two\nlines", ""));
    }

    @Test
    void defaultsAndBoundsAreCheckedWhereTheyCanBe() {
        assertThrows(IllegalArgumentException.class, () -> Setting.integer("a-count", "A count", 10, 1, 9));
        assertThrows(IllegalArgumentException.class, () -> Setting.size("a-size", "A size", "1", 9, 1));
        assertThrows(IllegalArgumentException.class, () -> Setting.oneOf("a-word", "A word", "three", "one", "two"));
        assertThrows(IllegalArgumentException.class, () -> Setting.oneOf("a-word", "A word", "one"));
        assertThrows(IllegalArgumentException.class,
                () -> Setting.duration("a-wait", "A wait", "1s", Duration.ofSeconds(-1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Setting.duration("a-wait", "A wait", "1s", Duration.ZERO, Duration.ofDays(366)));
    }

    @Test
    void declarationsAreEqualWhenEverythingButTheirIdentityIs() {
        assertEquals(Setting.text("a-text", "A text", "x"), Setting.text("a-text", "A text", "x"));
        assertNotEquals(Setting.text("a-text", "A text", "x"), Setting.text("a-text", "A text", "y"));
        assertNotEquals(Setting.text("a-text", "A text", ""), Setting.path("a-text", "A text", ""));
        assertEquals("Setting[a-text, TEXT]", Setting.text("a-text", "A text", "x").toString());
    }
}
