package dev.turnstile.server;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code "attachment"} member of a request (SPEC §2): whether the raw bytes it announces may
 * come. Every refusal here ends the connection after its line, because the bytes that follow can
 * no longer be told apart from the next request; any other refusal is the router's, after the bytes.
 */
final class AttachmentHeader {

    /** A refusal that ends the connection after its line. */
    record Refusal(int code, String message) {
    }

    /** The object that announced an attachment is not followed by LF or CRLF. */
    static final Refusal NO_NEWLINE = new Refusal(400,
            "a request's attachment follows its object after one newline (LF or CRLF); closing the connection");
    /** The client half-closed in the middle of an attachment; the connection ends anyway. */
    static final String CUT_SHORT = "the connection was closed before the request's attachment was complete";

    private static final byte[] NAME = "\"attachment\"".getBytes(StandardCharsets.US_ASCII);
    private static final Refusal NOT_A_SIZE = new Refusal(400,
            "\"attachment\" must be a non-negative integer: the number of raw bytes after the request;"
                    + " closing the connection");
    private static final Refusal BEFORE_LOGIN = new Refusal(413,
            "attachments are allowed only after login; closing the connection");

    private final long limit;

    /**
     * @param limit {@code max-attachment-bytes}
     */
    AttachmentHeader(long limit) {
        this.limit = limit;
    }

    /**
     * @param value the member's value
     * @param loggedIn whether the connection held a token when the request came
     * @return why the attachment may not come, or {@code null} when it may: then {@code value} is
     *     its size, a {@link Long} from 0 to the limit
     */
    Refusal refusal(Object value, boolean loggedIn) {
        boolean size = value instanceof Long n ? n >= 0 : value instanceof BigInteger big && big.signum() > 0;
        if (!size) {
            return NOT_A_SIZE;
        }
        if (!loggedIn) {
            return BEFORE_LOGIN;
        }
        if (value instanceof BigInteger || (Long) value > limit) {
            return new Refusal(413, "attachment of " + value + " bytes is larger than the limit of " + limit
                    + " bytes; closing the connection");
        }
        return null;
    }

    /**
     * A text that is not valid JSON cannot say whether raw bytes follow it, or how many. If it names
     * {@code "attachment"} anywhere, they may: the connection ends rather than read them as requests.
     *
     * @param parseError why the text was refused
     * @return the refusal that ends the connection, or {@code null} for an ordinary 400
     */
    static Refusal unframeable(String parseError, byte[] buf, int offset, int length) {
        for (int i = offset; i + NAME.length <= offset + length; i++) {
            if (buf[i] == '"' && Arrays.equals(buf, i, i + NAME.length, NAME, 0, NAME.length)) {
                return new Refusal(400, parseError + "; it names \"attachment\", so what follows cannot be framed:"
                        + " closing the connection");
            }
        }
        return null;
    }
}
