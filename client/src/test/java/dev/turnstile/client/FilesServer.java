package dev.turnstile.client;

import dev.turnstile.auth.AuthPlugin;
import dev.turnstile.files.FilesPlugin;
import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.BusyPolicy;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        return start(share, dataDir, writable, 0, BusyPolicy.REJECT);
    }

    /** As {@link #start(Path, Path, boolean)}, on a given port (0 for a free one): a server back where it was. */
    public static FilesServer start(Path share, Path dataDir, boolean writable, int port) throws Exception {
        return start(share, dataDir, writable, port, BusyPolicy.REJECT);
    }

    /**
     * @param share the shared folder ({@code files-root})
     * @param dataDir the server's data folder, outside {@code share}
     * @param writable {@code files-writable}
     * @param busy what the server does with a second client ({@code busy})
     */
    public static FilesServer start(Path share, Path dataDir, boolean writable, BusyPolicy busy) throws Exception {
        return start(share, dataDir, writable, 0, busy);
    }

    private static FilesServer start(Path share, Path dataDir, boolean writable, int port, BusyPolicy busy)
            throws Exception {
        ServerConfig config = ServerConfig.defaults().withPort(port).withBusy(busy).withDataDir(dataDir)
                .withSetting("files-root", share.toString())
                .withSetting("files-writable", String.valueOf(writable));
        return new FilesServer(TurnstileServer.start(config,
                List.of(LoadedPlugin.of(new AuthPlugin()), LoadedPlugin.of(new FilesPlugin()))));
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

    /** @return the server's index's last sequence number ({@code /changes}) */
    public long seq() throws Exception {
        try (TurnstileClient client = connect()) {
            return ((Number) client.call("/changes", Map.of("since", 0, "limit", 1)).get("seq")).longValue();
        }
    }

    /**
     * Waits, by long-polling {@code /changes}, until the server's index has numbered a change of each
     * path (a folder's too) after {@code since}: the index lags a write in the shared folder by its
     * quiet period.
     */
    public void awaitChanges(long since, Collection<String> paths) throws Exception {
        Set<String> missing = new HashSet<>(paths);
        long from = since;
        try (TurnstileClient client = connect()) {
            while (!missing.isEmpty()) {
                Map<String, Object> answer = client.call("/changes", Map.of("since", from, "wait", 10_000, "folders", true));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> changes = (List<Map<String, Object>>) answer.get("changes");
                if (changes.isEmpty()) {
                    throw new AssertionError("the server's index did not number " + missing + " within 10 s");
                }
                for (Map<String, Object> change : changes) {
                    missing.remove((String) change.get("path"));
                }
                from = Boolean.TRUE.equals(answer.get("more")) ? ((Number) changes.get(changes.size() - 1).get("seq"))
                        .longValue() : ((Number) answer.get("seq")).longValue();
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
