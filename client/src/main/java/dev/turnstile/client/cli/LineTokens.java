package dev.turnstile.client.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a prompt line into words at whitespace, except inside a JSON string or between
 * brackets, so that {@code /echo data={"a": [1, 2]} note="two words"} is three words. There is no
 * shell in between, so JSON is typed as it is: no extra quotes.
 */
final class LineTokens {

    private LineTokens() {
    }

    static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && depth > 0) {
                depth--;
            } else if (Character.isWhitespace(c) && depth == 0) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
                continue;
            }
            word.append(c);
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }
}
