package dev.turnstile.client.sync;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch form of {@code /upload_commit} ({@code "uploads":[…]}, docs/files.md): its request,
 * and its answer turned into the failure of each upload that was not committed, typed as a single
 * commit's would be (a 400 is {@link UploadMismatchException}: the bytes received are not the file
 * announced).
 */
final class CommitBatchCall {

    static final String URL = "/upload_commit";

    private CommitBatchCall() {
    }

    static Map<String, Object> params(List<String> uploads) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("uploads", uploads);
        return params;
    }

    /**
     * @return the failure of each upload of the batch that the answer does not list as committed
     * @throws IOException when the answer has no {@code committed} and {@code failed} lists
     */
    static Map<String, IOException> failures(List<String> uploads, Map<String, Object> answer) throws IOException {
        if (!(answer.get("committed") instanceof List<?> committed) || !(answer.get("failed") instanceof List<?> failed)) {
            throw new IOException("the answer to a batch of commits has no \"committed\" and \"failed\" lists");
        }
        Set<String> done = new HashSet<>();
        for (Object item : committed) {
            if (item instanceof Map<?, ?> entry && entry.get("upload") instanceof String id) {
                done.add(id);
            }
        }
        Map<String, IOException> failures = new HashMap<>();
        for (Object item : failed) {
            if (item instanceof Map<?, ?> entry && entry.get("upload") instanceof String id
                    && entry.get("code") instanceof Long code) {
                String error = entry.get("error") instanceof String sentence ? sentence : "refused with " + code;
                failures.put(id, typed(code.intValue(), error));
            }
        }
        for (String upload : uploads) {
            if (!done.contains(upload) && !failures.containsKey(upload)) {
                failures.put(upload, new IOException("the answer to a batch of commits does not name the upload "
                        + upload));
            }
        }
        return failures;
    }

    /** @return the exception a single commit answered with this code and sentence would have failed with */
    static IOException typed(int code, String error) {
        if (code == 400) {
            return new UploadMismatchException(error);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", (long) code);
        body.put("error", error);
        return RemoteFolders.typed(new TurnstileException(new Reply(code, body, JsonMaps.write(body))));
    }
}
