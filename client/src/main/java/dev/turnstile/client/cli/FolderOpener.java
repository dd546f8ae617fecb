package dev.turnstile.client.cli;

import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.sync.RemoteFolder;
import dev.turnstile.client.sync.RemoteFolders;

/**
 * Where {@code pull} and {@code push} get the server's shared folder from. {@link #SERVER} connects,
 * logs in and hands the connection to {@link RemoteFolders#over}, the one place that knows the
 * files urls; tests put a local folder here instead.
 */
interface FolderOpener {

    /** The real one: the server at the connector's address. */
    FolderOpener SERVER = connector -> {
        TurnstileClient client = connector.open();
        try {
            return RemoteFolders.over(client);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    };

    RemoteFolder open(Connector connector) throws CliFailure;
}
