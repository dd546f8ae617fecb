package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileClient;
import java.io.IOException;
import java.util.Objects;

/**
 * One connection as a {@link WatchLoop} uses it: the shared folder that pulls and pushes go
 * through, and the change feed on the same connection (one client is served at a time, so both
 * directions share it). Closing the session closes the connection.
 */
public final class WatchSession implements AutoCloseable {

    /** Opens a session: connects and logs in. A {@link WatchLoop} calls it again after a failure. */
    @FunctionalInterface
    public interface Opener {
        /**
         * @return a new session
         * @throws IOException when the server cannot be reached or is busy: the loop tries again
         *     later (an unchecked exception ends the loop instead, for a failure no retry mends)
         */
        WatchSession open() throws IOException;
    }

    private final RemoteFolder folder;
    private final ChangeFeed feed;

    /**
     * @param folder the shared folder
     * @param feed its change feed on the same connection, or {@code null} when there is none (a
     *     watch that only pushes needs none)
     */
    public WatchSession(RemoteFolder folder, ChangeFeed feed) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.feed = feed;
    }

    /**
     * @param client a logged-in connection; the session closes it when closed
     * @return its shared folder ({@link RemoteFolders#over}) and its {@code /changes}
     */
    public static WatchSession over(TurnstileClient client) {
        return new WatchSession(RemoteFolders.over(client), new ServerChangeFeed(client));
    }

    /**
     * @param client a logged-in connection; the session closes it when closed
     * @param compress whether raw chunks go compressed ({@link RemoteFolders#over(TurnstileClient, boolean)})
     * @return its shared folder and its {@code /changes}
     */
    public static WatchSession over(TurnstileClient client, boolean compress) {
        return new WatchSession(RemoteFolders.over(client, compress), new ServerChangeFeed(client));
    }

    public RemoteFolder folder() {
        return folder;
    }

    /** @return the change feed, or {@code null} */
    public ChangeFeed feed() {
        return feed;
    }

    @Override
    public void close() {
        folder.close();
    }
}
