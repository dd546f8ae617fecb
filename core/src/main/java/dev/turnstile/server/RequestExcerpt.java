package dev.turnstile.server;

import dev.turnstile.json.Printable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * The start of a refused request for a debug line, unless it carries a member some handler
 * declared secret (the login's {@code "secret"}, say), whichever url it went to. Built once per
 * server from the route table's {@link dev.turnstile.route.RouteTable#secretMembers()}.
 */
final class RequestExcerpt {

    private final byte[][] secrets;
    private final String[] names;

    RequestExcerpt(Set<String> secretMembers) {
        names = secretMembers.toArray(String[]::new);
        secrets = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            // The member's name as it appears in the request's bytes, quotes included.
            secrets[i] = ("\"" + names[i] + "\"").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** @return at most ~128 printable bytes of the request, or why it is not shown */
    String of(byte[] buf, int offset, int length) {
        for (int s = 0; s < secrets.length; s++) {
            byte[] secret = secrets[s];
            for (int i = offset; i + secret.length <= offset + length; i++) {
                if (buf[i] == '"' && Arrays.equals(buf, i, i + secret.length, secret, 0, secret.length)) {
                    return "not shown: it carries \"" + names[s] + "\"";
                }
            }
        }
        return Printable.clip(buf, offset, length);
    }
}
