package dev.turnstile.client.cli;

import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.sync.RemoteFolder;
import dev.turnstile.client.sync.RemoteFolders;
import dev.turnstile.client.sync.WatchSession;

/**
 * Where {@code pull}, {@code push} and {@code sync} get the server's shared folder from. {@link #SERVER} connects,
 * logs in and hands the connection to {@link RemoteFolders#over}, the one place that knows the
 * files urls; tests put a local folder here instead.
 */
interface FolderOpener {

    /** The real one: the server at the connector's address. */
    FolderOpener SERVER = new FolderOpener() {
        @Override
        public RemoteFolder open(Connector connector) throws CliFailure {
            TurnstileClient client = connector.open();
            try {
                return RemoteFolders.over(client, connector.compresses());
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }

        @Override
        public WatchSession openSession(Connector connector) throws CliFailure {
            TurnstileClient client = connector.open();
            try {
                return WatchSession.over(client, connector.compresses());
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
    };

    RemoteFolder open(Connector connector) throws CliFailure;

    /**
     * For {@code --watch}: the folder and its change feed on one connection. By default the folder
     * alone, without a feed (enough to push; a pull's watch then says the server has none).
     */
    default WatchSession openSession(Connector connector) throws CliFailure {
        return new WatchSession(open(connector), null);
    }
}
