package dev.turnstile.files;

import dev.turnstile.filemodel.SharePath;
import dev.turnstile.spi.HandlerException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits uploads durably, in the order SPEC §8 asks and with each step done once for them all:
 * <ol>
 * <li>each staged file is sealed (its data forced to disk and verified) on the flush lane, several
 *     in flight, most of them already while the client was still sending (an upload is sealed when
 *     its last byte arrives);
 * <li>then each is renamed into place ({@link UploadCommit});
 * <li>then each folder that received one is forced to disk, once;
 * <li>then the changes enter the index and the log, and the commits are answered.
 * </ol>
 * A crash at any point leaves each target as its old version or its new one, never a mix and never
 * an empty file. A batch is one {@code /upload_commit} with {@code "uploads":[…]}; a commit of one
 * upload is a batch of one. The server answers one request after the other on a connection, so
 * commits sent one request each cannot share a folder's fsync: a client that commits many small
 * files sends them in batches.
 */
final class CommitBatch {

    private static final Logger LOG = LoggerFactory.getLogger(CommitBatch.class);

    private final SharedFolder folder;
    private final List<Item> items;
    private final String client;

    /**
     * @param upload the upload, marked as committing
     * @param keep where to keep the version it replaces, or {@code null}
     */
    record Item(Upload upload, SharePath keep) {
    }

    /**
     * What became of one upload.
     *
     * @param done the target as committed, or {@code null}
     * @param refused why not, or {@code null}
     */
    record Outcome(Upload upload, FileHasher.Hashed done, HandlerException refused) {
    }

    CommitBatch(SharedFolder folder, List<Item> items, String client) {
        this.folder = folder;
        this.items = items;
        this.client = client;
    }

    /** Seals every upload, then commits them on a lane: the short one, or the large one when a target is read whole. */
    CompletableFuture<List<Outcome>> run() {
        List<CompletableFuture<Upload.Sealed>> seals = new ArrayList<>();
        for (Item item : items) {
            seals.add(item.upload().seal(folder.lanes()));
        }
        return CompletableFuture.allOf(seals.toArray(CompletableFuture[]::new))
                .thenCompose(all -> folder.lanes().submit(Lanes.Lane.SHORT, () -> {
                    if (readsLarge()) {
                        return folder.lanes().submit(Lanes.Lane.LARGE, () -> commit(seals));
                    }
                    return CompletableFuture.completedFuture(commit(seals));
                }))
                .thenCompose(stage -> stage)
                .whenComplete((done, failure) -> items.forEach(item -> item.upload().commitFailed()));
    }

    /** @return whether a check may read a target of {@link Lanes#LARGE_BYTES} or more whole */
    private boolean readsLarge() throws IOException {
        for (Item item : items) {
            Upload upload = item.upload();
            if (item.keep() != null || upload.replaces().checked() && upload.replaces().sha256() != null) {
                Look target = folder.root().stat(upload.target());
                if (target != null && Lanes.forReading(target.size()) == Lanes.Lane.LARGE) {
                    return true;
                }
            }
        }
        return false;
    }

    private List<Outcome> commit(List<CompletableFuture<Upload.Sealed>> seals) throws IOException {
        Map<Upload, Outcome> outcomes = new LinkedHashMap<>();
        List<UploadCommit.Placed> placed = new ArrayList<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                Item item = items.get(i);
                try {
                    placed.add(folder.commits().place(item.upload(), seals.get(i).join(), item.keep()));
                } catch (HandlerException refused) {
                    outcomes.put(item.upload(), new Outcome(item.upload(), null, refused));
                } catch (IOException | RuntimeException e) {
                    if (items.size() == 1) {
                        throw e;
                    }
                    LOG.error("cannot commit the upload of {}", SharePath.quote(item.upload().target().text()), e);
                    outcomes.put(item.upload(), new Outcome(item.upload(), null, new HandlerException(500,
                            item.upload().target().text() + " could not be committed (the server's log says why);"
                                    + " the upload is kept")));
                }
            }
            forceFolders(placed);
            for (UploadCommit.Placed one : placed) {
                outcomes.put(one.upload(), new Outcome(one.upload(), folder.commits().finish(one, client), null));
            }
        } finally {
            for (UploadCommit.Placed one : placed) {
                one.parent().close();
            }
        }
        List<Outcome> ordered = new ArrayList<>();
        for (Item item : items) {
            ordered.add(outcomes.get(item.upload()));
        }
        return ordered;
    }

    /**
     * Forces each folder that received an upload to disk, once, so that the renames survive a crash:
     * opened as {@code .} of its own handle, which no swap can redirect.
     */
    private static void forceFolders(List<UploadCommit.Placed> placed) {
        Set<String> done = new java.util.HashSet<>();
        for (UploadCommit.Placed one : placed) {
            if (!done.add(one.folderPath())) {
                continue;
            }
            SecureDirectoryStream<Path> parent = one.parent();
            try (var channel = (FileChannel) parent.newByteChannel(Path.of("."), Set.of(StandardOpenOption.READ))) {
                channel.force(true);
            } catch (IOException e) {
                LOG.debug("cannot force the folder {} to disk: {}", one.folderPath(), e.toString());
            }
        }
    }
}
