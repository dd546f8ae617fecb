package dev.turnstile.testing;

import dev.turnstile.route.LoadedPlugin;
import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.startup.StartupException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that serves the plugins (or lone handlers) under test from a real Turnstile,
 * in the test's own JVM, on a free loopback port, and hands each test a client that has logged in.
 *
 * <pre>{@code
 * class HelloPluginIT {
 *
 *     @RegisterExtension
 *     static final TurnstileServerExtension TURNSTILE = TurnstileServerExtension.serving(new HelloPlugin())
 *             .withSetting("hello-greeting", "Hi");
 *
 *     @Test
 *     void helloIsAnsweredOverTcp(TurnstileTestClient client) throws IOException {
 *         assertEquals(Map.of("code", 200L, "hello", "Hi, x"), client.call("/hello", Map.of("name", "x")));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Life cycle.</b> Registered on a {@code static} field, one server serves the whole test
 * class (started before the first test, stopped after the last); on an instance field, each test
 * gets a server of its own. Either way, each test gets a new connection: a
 * {@link TurnstileTestClient}, as a test method parameter or from {@link #client()}. The server
 * checks the settings and calls the plugins' {@code start}, {@code disconnected} and {@code stop}
 * as in production, and its data folder is a new temporary folder, deleted afterwards.
 *
 * <p><b>Login.</b> Next to what is under test the server has a {@code /login} of its own that
 * grants a random token to anyone (no secret, no files), and the client logs in with it, so the
 * handlers under test are reached as a logged-in client reaches them, the token check included.
 * When what is under test serves {@code /login} itself (a login plugin), say so with
 * {@link #withOwnLogin()} (a lone handler of that url is seen without it): its login is used
 * instead, and the client is handed over without logging in.
 *
 * <p>The server logs through SLF4J; add an SLF4J binding, such as logback-classic, with scope
 * {@code test} to see its lines.
 */
public final class TurnstileServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final List<LoadedPlugin> plugins;
    private boolean ownLogin;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private UnaryOperator<ServerConfig> configChange = UnaryOperator.identity();

    private TurnstileServer server;
    private Path dataDir;
    private boolean serverPerTest;
    private TurnstileTestClient client;

    private TurnstileServerExtension(List<LoadedPlugin> plugins, boolean ownLogin) {
        this.plugins = new ArrayList<>(plugins);
        this.ownLogin = ownLogin;
    }

    /**
     * An extension serving these plugins, started in order.
     *
     * @param pluginsUnderTest the plugins, constructed by the test as the server would construct them
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static TurnstileServerExtension serving(Plugin... pluginsUnderTest) {
        if (pluginsUnderTest.length == 0) {
            throw new IllegalArgumentException("name at least one plugin to serve");
        }
        List<LoadedPlugin> loaded = new ArrayList<>();
        for (Plugin plugin : pluginsUnderTest) {
            loaded.add(LoadedPlugin.of(plugin));
        }
        return new TurnstileServerExtension(loaded, false);
    }

    /**
     * An extension serving these handlers, each as a plugin of its own (as a handler listed alone
     * in {@code META-INF/services/dev.turnstile.spi.Handler} is served).
     *
     * @param handlersUnderTest the handlers, constructed by the test as the server would construct them
     * @return the extension, to register with {@code @RegisterExtension}
     */
    public static TurnstileServerExtension serving(Handler... handlersUnderTest) {
        if (handlersUnderTest.length == 0) {
            throw new IllegalArgumentException("name at least one handler to serve");
        }
        return new TurnstileServerExtension(LoadedPlugin.handlers(handlersUnderTest), servesLogin(handlersUnderTest));
    }

    /**
     * Serves these handlers too, each as a plugin of its own, after what is already served: a
     * helper url next to a plugin under test.
     *
     * @param more the handlers
     * @return this extension
     */
    public TurnstileServerExtension alsoServing(Handler... more) {
        plugins.addAll(LoadedPlugin.handlers(more));
        ownLogin |= servesLogin(more);
        return this;
    }

    /**
     * What is under test serves {@code /login} itself: the extension adds no login of its own, and
     * each test's client is handed over without logging in.
     *
     * @return this extension
     */
    public TurnstileServerExtension withOwnLogin() {
        ownLogin = true;
        return this;
    }

    /**
     * Gives a setting of a plugin under test a value, as {@code --KEY=VALUE} would. The plugin must
     * {@linkplain Plugin#settings() declare} it and the value must be one its declaration accepts:
     * the server refuses either at start-up, and shows a plugin only its own settings.
     *
     * @param key the setting's key, such as {@code "hello-greeting"}
     * @param value its value as text
     * @return this extension
     */
    public TurnstileServerExtension withSetting(String key, String value) {
        settings.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /**
     * Changes the server's configuration beyond settings, such as a shorter idle timeout:
     * {@code .withConfig(config -> config.withIdleTimeout(Duration.ofSeconds(1)))}. The port and
     * the data folder are set afterwards and cannot be changed here.
     *
     * @param change applied to the defaults
     * @return this extension
     */
    public TurnstileServerExtension withConfig(UnaryOperator<ServerConfig> change) {
        this.configChange = Objects.requireNonNull(change, "change");
        return this;
    }

    /**
     * The client of the running test: connected, and logged in unless what is under test serves
     * {@code /login}. It is closed after the test.
     *
     * @return the client
     * @throws IllegalStateException outside a test
     */
    public TurnstileTestClient client() {
        if (client == null) {
            throw new IllegalStateException("the client exists only while a test runs");
        }
        return client;
    }

    /**
     * A further connection, not logged in, for tests of what a second client sees; the test closes it.
     *
     * @return the new client
     * @throws IOException when the connection fails
     */
    public TurnstileTestClient connect() throws IOException {
        return TurnstileTestClient.connect(address());
    }

    /** @return the address the server listens on, for a client of your own such as turnstile-client */
    public InetSocketAddress address() {
        return running().address();
    }

    /** @return the server's data folder, a temporary folder that is deleted when the server stops */
    public Path dataDir() {
        running();
        return dataDir;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (server == null) {
            serverPerTest = true;
            start();
        }
        client = TurnstileTestClient.connect(server.address());
        if (!ownLogin) {
            client.login(context.getDisplayName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (client != null) {
            client.close();
            client = null;
        }
        if (serverPerTest) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TurnstileTestClient.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return client();
    }

    private void start() throws Exception {
        dataDir = Files.createTempDirectory("turnstile-test-data");
        ServerConfig config = configChange.apply(ServerConfig.defaults());
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            config = config.withSetting(setting.getKey(), setting.getValue());
        }
        config = config.withPort(0).withDataDir(dataDir);
        List<LoadedPlugin> served = new ArrayList<>(plugins);
        if (!ownLogin) {
            served.addAll(0, LoadedPlugin.handlers(new TestLogin()));
        }
        try {
            server = TurnstileServer.start(config, served);
        } catch (StartupException e) {
            deleteDataDir();
            if (!ownLogin && e.getMessage().startsWith("url \"" + TestLogin.URL + "\" is claimed twice")) {
                throw new StartupException(e.getMessage() + "; what is under test serves " + TestLogin.URL
                        + " itself: register the extension with withOwnLogin()", e);
            }
            throw e;
        } catch (RuntimeException e) {
            deleteDataDir();
            throw e;
        }
    }

    private void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
        deleteDataDir();
    }

    private static boolean servesLogin(Handler... handlers) {
        for (Handler handler : handlers) {
            if (TestLogin.URL.equals(handler.url())) {
                return true;
            }
        }
        return false;
    }

    private TurnstileServer running() {
        if (server == null) {
            throw new IllegalStateException("the server runs only while the test class or test runs");
        }
        return server;
    }

    private void deleteDataDir() throws IOException {
        if (dataDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
        dataDir = null;
    }
}
