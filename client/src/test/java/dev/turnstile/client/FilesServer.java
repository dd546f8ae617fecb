package dev.turnstile.client;

import dev.turnstile.auth.LoginHandler;
import dev.turnstile.files.DeleteFileHandler;
import dev.turnstile.files.GetFileDataHandler;
import dev.turnstile.files.GetHashesHandler;
import dev.turnstile.files.ListFilesHandler;
import dev.turnstile.files.UploadAbortHandler;
import dev.turnstile.files.UploadBeginHandler;
import dev.turnstile.files.UploadChunkHandler;
import dev.turnstile.files.UploadCommitHandler;
import dev.turnstile.files.UploadStatusHandler;
import dev.turnstile.route.RouteTable;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import java.nio.file.Path;

/**
 * A real Turnstile server on a free loopback port sharing a folder with the real files plugin, set
 * up through its settings as the shipped server does, and the real {@code /login}. Plain TCP.
 */
public final class FilesServer implements AutoCloseable {

    private final TurnstileServer server;

    private FilesServer(TurnstileServer server) {
        this.server = server;
    }

    /**
     * @param share the shared folder ({@code files-root})
     * @param dataDir the server's data folder, outside {@code share}
     * @param writable {@code files-writable}
     */
    public static FilesServer start(Path share, Path dataDir, boolean writable) throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(0).withDataDir(dataDir)
                .withSetting("files-root", share.toString())
                .withSetting("files-writable", String.valueOf(writable));
        RouteTable routes = RouteTable.of(new LoginHandler(), new GetHashesHandler(), new GetFileDataHandler(),
                new ListFilesHandler(), new UploadBeginHandler(), new UploadChunkHandler(), new UploadStatusHandler(),
                new UploadCommitHandler(), new UploadAbortHandler(), new DeleteFileHandler());
        return new FilesServer(TurnstileServer.start(config, routes));
    }

    public int port() {
        return server.address().getPort();
    }

    /** Client options for this server, logging in as {@code sync-box}. */
    public ClientOptions options() {
        return ClientOptions.defaults().withPort(port()).withHostname("sync-box");
    }

    /** @return a new, logged-in connection */
    public TurnstileClient connect() throws Exception {
        TurnstileClient client = TurnstileClient.connect(options());
        try {
            client.login();
            return client;
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
