package dev.turnstile.server;

import dev.turnstile.json.JsonRequestException;
import dev.turnstile.json.OutputBuffer;
import dev.turnstile.json.Printable;
import dev.turnstile.json.RequestDecoder;
import dev.turnstile.json.ResponseEncoder;
import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.route.Router;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One framed text in, one response line out: decode, route, encode. Also writes the answers the
 * connection itself gives (garbage, too large, timeouts). Owned by the server thread.
 */
final class RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(RequestProcessor.class);

    private static final byte[] SECRET_MEMBER = "\"secret\"".getBytes(StandardCharsets.US_ASCII);

    private final RequestDecoder decoder = new RequestDecoder();
    private final RouteTable routes;
    private final Router router;

    RequestProcessor(RouteTable routes) {
        this.routes = routes;
        this.router = new Router(routes);
    }

    void process(byte[] buf, int offset, int length, Session session, OutputBuffer out) {
        Map<String, Object> members;
        try {
            members = decoder.decode(buf, offset, length);
        } catch (JsonRequestException e) {
            refuse(400, e.getMessage(), buf, offset, length, session, out);
            return;
        }
        Response response = router.route(members, session);
        boolean hasId = members.containsKey("id");
        Object id = hasId ? members.get("id") : null;
        try {
            ResponseEncoder.encode(response, hasId, id, out);
        } catch (IllegalArgumentException e) {
            // The handler returned something JSON cannot say: that is the handler's failure.
            Route route = routes.find((String) members.get("url"));
            ResponseEncoder.encode(Router.failed(route, session, e), hasId, id, out);
        }
        if (response.code() == 400 && LOG.isDebugEnabled()) {
            LOG.debug("400 to {}: {} ({})", session.remoteAddress(), response.body().get("error"),
                    shown(buf, offset, length));
        }
    }

    /** Answers a text the codec never saw (garbage, oversize) with an error line. */
    void refuse(int code, String message, byte[] buf, int offset, int length, Session session, OutputBuffer out) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} to {}: {} ({})", code, session.remoteAddress(), message, shown(buf, offset, length));
        }
        refuse(code, message, out);
    }

    /** The start of a request for a debug line, unless it may carry the login secret. */
    static String shown(byte[] buf, int offset, int length) {
        for (int i = offset; i + SECRET_MEMBER.length <= offset + length; i++) {
            if (buf[i] == '"' && Arrays.equals(buf, i, i + SECRET_MEMBER.length, SECRET_MEMBER, 0, SECRET_MEMBER.length)) {
                return "not shown: it carries \"secret\"";
            }
        }
        return Printable.clip(buf, offset, length);
    }

    void refuse(int code, String message, OutputBuffer out) {
        ResponseEncoder.encode(Router.error(code, message), false, null, out);
    }
}
