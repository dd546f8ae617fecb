package dev.turnstile.json;

/** A request text that is not a JSON object Turnstile accepts; the message is sent to the client. */
public final class JsonRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    JsonRequestException(String message) {
        super(message, null, false, false);
    }
}
