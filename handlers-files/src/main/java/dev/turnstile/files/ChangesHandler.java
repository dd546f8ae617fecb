package dev.turnstile.files;

import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code /changes} (SPEC §8, the change feed): the entries of the index changed after
 * {@code "since"}, each in its current state, in sequence order, at most {@code "limit"} (default
 * {@link #DEFAULT_LIMIT}, capped at {@link #MAX_LIMIT}), with the index's id, its last number
 * ({@code seq}) and whether {@code more} follow the last one given.
 *
 * <p><b>Long poll.</b> With {@code "wait"} (ms, capped at {@link #MAX_WAIT}) and nothing newer than
 * {@code since}, the answer is held ({@code Response.later}) until a change is numbered or the wait
 * ends on the server's timer, then {@code "changes":[]}; nothing holds a thread meanwhile, and the
 * requests pipelined behind it are answered after it. When the server stops, its timers fire at once,
 * so a held poll is answered at once.
 *
 * <p><b>Another history.</b> A {@code since} above {@code seq}, or an {@code "index"} (the id the
 * client remembers) other than the index's, means the client's numbers are not this index's: the
 * answer has no changes and {@code "relist":true} (and the index's own id), and the client lists
 * everything again. The answer waits for the index to be ready after a start.
 */
final class ChangesHandler extends FolderHandler {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 10_000;
    static final long MAX_WAIT = 60_000;

    ChangesHandler(SharedFolder folder) {
        super(folder);
    }

    @Override
    public String url() {
        return "/changes";
    }

    /** One request's question. */
    private record Question(long since, int limit, long waitMillis, Object index, boolean folders, boolean skipped) {
    }

    @Override
    Response answer(Request request, Session session, SharedFolder folder) throws HandlerException {
        long since = optionalLong(request, "since", 0, 0, Long.MAX_VALUE);
        int limit = (int) Math.min(optionalLong(request, "limit", DEFAULT_LIMIT, 1, Long.MAX_VALUE), MAX_LIMIT);
        long wait = Math.min(optionalLong(request, "wait", 0, 0, Long.MAX_VALUE), MAX_WAIT);
        Object index = request.get("index");
        if (index != null && !(index instanceof String)) {
            throw HandlerException.badRequest("\"index\" must be the index id a /changes answer gave");
        }
        Question question = new Question(since, limit, wait, index, optionalFlag(request, "folders"),
                optionalFlag(request, "skipped") && since == 0);
        return Response.later(folder.index().ready().thenCompose(ready -> held(question)));
    }

    private CompletableFuture<Response> held(Question question) {
        if (question.waitMillis() == 0 || otherIndex(question)) {
            return CompletableFuture.completedFuture(answerNow(question));
        }
        IndexQueries.Changes now = folder.index().queries().changes(question.since(), question.limit(), question.folders());
        if (!now.entries().isEmpty() || now.relist()) {
            return CompletableFuture.completedFuture(answer(question, now));
        }
        // Nothing the poll asks for (there may be newer folders, when it did not ask for them): wait.
        return waitFor(question, now.seq(), folder.timer().nanoTime() + question.waitMillis() * 1_000_000L);
    }

    /**
     * Waits for a change after {@code from}, until {@code deadline} on the server's clock. A change
     * the question does not ask for (a folder, without {@code "folders":true}) does not end the wait.
     */
    private CompletableFuture<Response> waitFor(Question question, long from, long deadline) {
        long left = deadline - folder.timer().nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(answerNow(question));
        }
        CompletableFuture<Void> change = folder.index().changeAfter(from);
        CompletableFuture<Void> timeout = folder.timer().after(Duration.ofNanos(left));
        return CompletableFuture.anyOf(change, timeout).handle((first, failure) -> {
            boolean ended = timeout.isDone() || !change.isDone() || folder.index().closed();
            change.cancel(false);
            timeout.cancel(false);
            return ended;
        }).thenCompose(ended -> {
            IndexQueries.Changes changes = folder.index().queries().changes(question.since(), question.limit(), question.folders());
            if (ended || !changes.entries().isEmpty()) {
                return CompletableFuture.completedFuture(answer(question, changes));
            }
            return waitFor(question, changes.seq(), deadline);
        });
    }

    private boolean otherIndex(Question question) {
        return question.index() != null && !question.index().equals(folder.index().id());
    }

    private Response answerNow(Question question) {
        FolderIndex index = folder.index();
        return answer(question, otherIndex(question)
                ? new IndexQueries.Changes(index.id(), index.seq(), List.of(), false, true)
                : index.queries().changes(question.since(), question.limit(), question.folders()));
    }

    private Response answer(Question question, IndexQueries.Changes changes) {
        FolderIndex index = folder.index();
        List<Map<String, Object>> entries = new ArrayList<>(changes.entries().size());
        for (IndexEntry entry : changes.entries()) {
            entries.add(entry(entry));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", changes.index());
        body.put("seq", changes.seq());
        body.put("changes", entries);
        body.put("more", changes.more());
        if (changes.relist()) {
            body.put("relist", true);
        }
        if (question.skipped()) {
            body.put("skipped", Entries.skipped(index.skipped()));
        }
        return Response.ok(body);
    }

    private static Map<String, Object> entry(IndexEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", entry.path());
        map.put("seq", entry.seq());
        if (entry.folder()) {
            map.put("folder", true);
        }
        if (entry.deleted()) {
            map.put("deleted", true);
            return map;
        }
        if (!entry.folder()) {
            map.put("size", entry.size());
            map.put("mtime", entry.mtimeMillis());
            map.put("sha256", entry.sha256Hex());
        }
        if (entry.mode() != Look.UNKNOWN_MODE) {
            map.put("mode", entry.mode());
        }
        return map;
    }
}
