package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;

/**
 * A path member of a request, checked by {@link SharePath}'s rules before anything is touched, and
 * refused when a name in it is reserved for the plugin's temporaries ({@code .turnstile-upload-…}):
 * listings never show such names, so no url reads, writes or deletes one.
 */
final class RequestPaths {

    private RequestPaths() {
    }

    /**
     * @param member the request member's name, for the message
     * @param value the member's value
     * @return the validated path
     * @throws HandlerException 400 naming the path and what is wrong with it
     */
    static SharePath parse(String member, Object value) throws HandlerException {
        if (!(value instanceof String text)) {
            throw HandlerException.badRequest('"' + member + "\" must be a string such as \"/a.txt\"");
        }
        SharePath path;
        try {
            path = SharePath.parse(text);
        } catch (IllegalArgumentException refused) {
            throw HandlerException.badRequest(refused.getMessage());
        }
        for (String name : path.segments()) {
            if (name.startsWith(ConfinedRoot.HIDDEN_PREFIX)) {
                throw HandlerException.badRequest("path " + SharePath.quote(text) + " holds a name reserved for the"
                        + " server's temporary files (" + ConfinedRoot.HIDDEN_PREFIX + "…), which no url reads,"
                        + " writes or deletes");
            }
        }
        return path;
    }
}
