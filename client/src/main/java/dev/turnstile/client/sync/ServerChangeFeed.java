package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
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
            try {
                ChangesPage page = ChangesPage.read(answer);
                return new Answer(page.index(), page.seq(), page.changed().size() + page.deleted().size());
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        });
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
