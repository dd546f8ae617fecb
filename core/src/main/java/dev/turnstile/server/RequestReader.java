package dev.turnstile.server;

import dev.turnstile.json.FramedInput;
import dev.turnstile.json.JsonFramer;
import dev.turnstile.json.JsonRequestException;
import dev.turnstile.json.RequestDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input of one connection, as requests: the bytes received ({@link FramedInput}) cut into texts
 * and decoded ({@link RequestDecoder}), each request handed on with the attachment it announces
 * ({@link AttachmentHeader}), which is awaited whole first. What cannot be a request becomes a
 * refusal to answer in its place: garbage, a text that is not a JSON object, one over the size
 * limit (16 KiB before login, {@code max-request-bytes} after), an unfinished last text, and the
 * attachment errors. The {@link RequestPipeline} decides when to ask for the next one, and answers.
 *
 * <p>A unit's data ({@link #members()}, {@link #attachment()}, {@link #code()},
 * {@link #message()}) is valid until the next read or {@link #next}.
 */
final class RequestReader {

    /** What {@link #next} found. */
    enum Unit {
        /** Nothing complete yet. */
        NONE,
        /** A request: {@link #members()}, with {@link #attachment()} if it announced one. */
        REQUEST,
        /** An answer to give instead of routing: {@link #code()}, {@link #message()}; the stream goes on. */
        REFUSAL,
        /** As {@link #REFUSAL}, after which the stream cannot be framed: the last answer. */
        LAST_REFUSAL
    }

    private static final Logger LOG = LoggerFactory.getLogger(RequestReader.class);
    private static final String GARBAGE = "request must be a JSON object starting with \"{\"";
    private static final String UNFINISHED = "the connection was closed before the request was complete";

    private final FramedInput input;
    private final RequestDecoder decoder = new RequestDecoder();
    private final AttachmentHeader attachments;
    private final ClientSession session;
    private final int maxRequestBytes;
    private final Supplier<Set<String>> secretMembers;
    private RequestExcerpt excerpt;

    /** A request whose attachment is announced and not yet complete, or {@code null}. */
    private Map<String, Object> awaiting;
    /** Its excerpt for a debug line, taken while its text was in the buffer; {@code null} unless debugging. */
    private String awaitingShown;

    private Map<String, Object> members;
    private ByteBuffer attachment;
    private int code;
    private String message;

    /**
     * @param session the connection's session: its token decides the limits
     * @param maxRequestBytes the largest request once the connection holds a token
     * @param maxAttachmentBytes the largest attachment a request may carry
     * @param secretMembers the members some handler declared secret, asked once, for debug lines
     */
    RequestReader(ClientSession session, int maxRequestBytes, long maxAttachmentBytes,
            Supplier<Set<String>> secretMembers) {
        this.session = session;
        this.maxRequestBytes = maxRequestBytes;
        this.attachments = new AttachmentHeader(maxAttachmentBytes);
        this.secretMembers = secretMembers;
        this.input = new FramedInput(requestLimit());
    }

    /** Reads once from the channel into the input buffer, after making room. */
    int readFrom(ReadableByteChannel channel) throws IOException {
        input.limit(requestLimit());
        return input.readFrom(channel);
    }

    /** Appends bytes as a read would; see {@link FramedInput#append}. */
    int append(byte[] bytes, int offset, int length) {
        input.limit(requestLimit());
        return input.append(bytes, offset, length);
    }

    /** @return whether a request waits for the rest of its attachment, which must be taken before anything else */
    boolean awaitingAttachment() {
        return awaiting != null;
    }

    /** @return the next request or refusal among the bytes received, or {@link Unit#NONE} */
    Unit next() {
        while (true) {
            input.limit(requestLimit());
            switch (input.next()) {
                case TEXT -> {
                    Unit unit = text(input.bytes(), input.start(), input.end() - input.start());
                    if (unit != Unit.NONE) {
                        return unit;
                    }
                }
                case ATTACHMENT -> {
                    members = awaiting;
                    attachment = input.attachment();
                    awaiting = null;
                    return Unit.REQUEST;
                }
                case NO_NEWLINE -> {
                    Map<String, Object> refused = awaiting;
                    awaiting = null;
                    return last(AttachmentHeader.NO_NEWLINE, refused);
                }
                case GARBAGE -> {
                    return refuseShown(GARBAGE);
                }
                case TOO_LARGE -> {
                    int limit = requestLimit();
                    String beforeLogin = session.token() == null ? " (the limit before login)" : "";
                    return last(new AttachmentHeader.Refusal(413, "request larger than " + limit + " bytes" + beforeLogin
                            + "; closing the connection"), null);
                }
                default -> {
                    return Unit.NONE;
                }
            }
        }
    }

    /**
     * The client will send nothing more.
     *
     * @param answer whether an unfinished last request is answered (not when the server stops)
     * @return the refusal for an unfinished last request or attachment, or {@link Unit#NONE}
     */
    Unit finish(boolean answer) {
        JsonFramer.Result rest = input.finish();
        Map<String, Object> cut = awaiting;
        awaiting = null;
        if (!answer || (cut == null && rest == JsonFramer.Result.NEED_MORE)) {
            return Unit.NONE;
        }
        if (cut != null) {
            return refusal(400, AttachmentHeader.CUT_SHORT, cut);
        }
        return refuseShown(rest == JsonFramer.Result.GARBAGE ? GARBAGE : UNFINISHED);
    }

    /** @return the request's members; for a refusal, those of the request refused, or {@code null} */
    Map<String, Object> members() {
        return members;
    }

    /** @return the request's attachment, a view of the input buffer, or {@code null} */
    ByteBuffer attachment() {
        return attachment;
    }

    int code() {
        return code;
    }

    String message() {
        return message;
    }

    /** @return at most ~128 bytes of the request just handed on, for a debug line, or why they are not shown */
    String shown() {
        return attachment == null ? excerpt().of(input.bytes(), input.start(), input.end() - input.start()) : awaitingShown;
    }

    /** @return the size of the input buffer's array, for memory accounting */
    int capacity() {
        return input.capacity();
    }

    /** A text has come: a request, a refusal, or nothing yet when its attachment is still to come. */
    private Unit text(byte[] buf, int offset, int length) {
        Map<String, Object> decoded;
        try {
            decoded = decoder.decode(buf, offset, length);
        } catch (JsonRequestException e) {
            AttachmentHeader.Refusal unframeable = AttachmentHeader.unframeable(e.getMessage(), buf, offset, length);
            return unframeable != null ? last(unframeable, null) : refuseShown(e.getMessage());
        }
        if (!decoded.containsKey("attachment")) {
            members = decoded;
            attachment = null;
            return Unit.REQUEST;
        }
        Object size = decoded.get("attachment");
        AttachmentHeader.Refusal refused = attachments.refusal(size, session.token() != null);
        if (refused != null) {
            return last(refused, decoded);
        }
        awaiting = decoded;
        awaitingShown = LOG.isDebugEnabled() ? excerpt().of(buf, offset, length) : null;
        input.expectAttachment((Long) size);
        return Unit.NONE;
    }

    /** A 400 for the unit the framer just reported, which the router never sees; logged with an excerpt. */
    private Unit refuseShown(String why) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("400 to {}: {} ({})", session, why, excerpt().of(input.bytes(), input.start(),
                    input.end() - input.start()));
        }
        return refusal(400, why, null);
    }

    private Unit refusal(int refusalCode, String why, Map<String, Object> refused) {
        members = refused;
        attachment = null;
        code = refusalCode;
        message = why;
        return Unit.REFUSAL;
    }

    private Unit last(AttachmentHeader.Refusal refusal, Map<String, Object> refused) {
        LOG.info("{} to {}: {}", refusal.code(), session, refusal.message());
        refusal(refusal.code(), refusal.message(), refused);
        return Unit.LAST_REFUSAL;
    }

    private RequestExcerpt excerpt() {
        if (excerpt == null) {
            excerpt = new RequestExcerpt(secretMembers.get());
        }
        return excerpt;
    }

    private int requestLimit() {
        return session.token() == null ? Math.min(ServerConfig.MAX_LOGIN_REQUEST_BYTES, maxRequestBytes) : maxRequestBytes;
    }
}
