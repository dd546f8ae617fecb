package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** {@link ChangeFeed} through {@code /changes} on a logged-in connection. */
final class ServerChangeFeed implements ChangeFeed {

    private final TurnstileClient client;

    ServerChangeFeed(TurnstileClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<Answer> changes(long since, long waitMillis) {
        CompletableFuture<Map<String, Object>> sent;
        try {
            sent = client.callAsync("/changes", Map.of("since", since, "limit", 1, "wait", waitMillis));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sent.handle((answer, failure) -> {
            if (failure != null) {
                throw new CompletionException(typed(failure));
            }
            return read(answer);
        });
    }

    private static Answer read(Map<String, Object> answer) {
        Object index = answer.get("index");
        Object seq = answer.get("seq");
        Object changes = answer.get("changes");
        if (!(index instanceof String) || !(seq instanceof Number) || !(changes instanceof List)) {
            throw new CompletionException(new IOException("the server's /changes answer lacks index, seq or changes"));
        }
        return new Answer((String) index, ((Number) seq).longValue(), ((List<?>) changes).size());
    }

    private static IOException typed(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (RemoteFolders.unknownUrl(cause)) {
            return new NoChangeFeedException("the server has no change feed (/changes answered "
                    + cause.getMessage() + "); a watch that pulls needs a server of version 1.3 or later");
        }
        return RemoteFolders.typed(failure);
    }
}
