package dev.turnstile.client;

import java.util.Map;

/**
 * One answer from the server, as it came: its code, its members, and the exact line.
 *
 * @param code the {@code code} member: 200 for success
 * @param body every member of the answer, {@code code} included, in the server's order
 * @param line the answer line exactly as received, without its newline
 */
public record Reply(int code, Map<String, Object> body, String line) {

    /** @return whether the code is 200 */
    public boolean isOk() {
        return code == 200;
    }

    /** @return the {@code error} sentence of a non-200 answer, or {@code null} */
    public String error() {
        Object error = body.get("error");
        return error instanceof String ? (String) error : null;
    }
}
