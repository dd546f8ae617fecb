package dev.turnstile.client.cli;

import dev.turnstile.client.JsonMaps;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Writes a parsed answer for people: one member per line, two spaces per level. */
final class PrettyJson {

    private static final String INDENT = "  ";

    private PrettyJson() {
    }

    static String format(Object value) {
        StringBuilder text = new StringBuilder();
        append(text, value, "");
        return text.toString();
    }

    private static void append(StringBuilder text, Object value, String indent) {
        if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
            text.append("{\n");
            Iterator<? extends Map.Entry<?, ?>> members = ((Map<?, ?>) value).entrySet().iterator();
            while (members.hasNext()) {
                Map.Entry<?, ?> member = members.next();
                text.append(indent).append(INDENT).append(JsonMaps.write(member.getKey())).append(": ");
                append(text, member.getValue(), indent + INDENT);
                text.append(members.hasNext() ? ",\n" : "\n");
            }
            text.append(indent).append('}');
        } else if (value instanceof List && !((List<?>) value).isEmpty()) {
            text.append("[\n");
            Iterator<?> items = ((List<?>) value).iterator();
            while (items.hasNext()) {
                text.append(indent).append(INDENT);
                append(text, items.next(), indent + INDENT);
                text.append(items.hasNext() ? ",\n" : "\n");
            }
            text.append(indent).append(']');
        } else {
            text.append(JsonMaps.write(value));
        }
    }
}
