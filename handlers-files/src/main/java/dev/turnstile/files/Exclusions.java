package dev.turnstile.files;

import dev.turnstile.filemodel.IgnoreRules;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code files-exclude} setting: patterns in gitignore syntax, separated by commas, as one
 * gitignore file at the shared folder's root ({@link IgnoreRules}: the last match decides, {@code !}
 * includes again, nothing comes back from inside an excluded folder). A comma that belongs to a
 * pattern is written {@code \,}; spaces around a pattern are dropped. One setting holds them all
 * because a setting is given once (command line, environment or properties file), as rsync's
 * {@code --exclude-from} file holds a list:
 * <pre>
 * files-exclude=*.tmp, .git/, /private/, !keep.tmp
 * </pre>
 */
final class Exclusions {

    private Exclusions() {
    }

    /** @return the rules the setting's text holds; none for empty text */
    static IgnoreRules parse(String text) {
        List<String> patterns = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == ',') {
                current.append(',');
                i++;
            } else if (c == ',') {
                patterns.add(current.toString().stripLeading());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        patterns.add(current.toString().stripLeading());
        return IgnoreRules.of(patterns);
    }
}
