package dev.turnstile.plugin;

import static dev.turnstile.plugin.PluginJarBuilder.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.server.ServerConfig;
import dev.turnstile.server.TurnstileServer;
import dev.turnstile.testing.TestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handlers loaded from plugin jars serve requests behind a real server on loopback. */
class PluginServerIT {

    private static final String TOKEN = "0".repeat(64);

    @TempDir
    Path tmp;

    @Test
    void handlersFromPluginJarsAnswerAndRoutesNameTheirJars() throws Exception {
        Path plugins = Files.createDirectory(tmp.resolve("plugins"));
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        plugin().source("com.example.auth.Login", "package com.example.auth;\n"
                        + "import dev.turnstile.spi.*;\n"
                        + "public class Login implements Handler {\n"
                        + "    public String url() { return \"/login\"; }\n"
                        + "    public boolean needsToken() { return false; }\n"
                        + "    public Response handle(Request request, Session session) {\n"
                        + "        session.grantToken(\"" + TOKEN + "\");\n"
                        + "        return Response.ok(\"token\", \"" + TOKEN + "\");\n"
                        + "    }\n"
                        + "}\n")
                .service("com.example.auth.Login")
                .write(plugins.resolve("auth.jar"));
        plugin().handler("com.example.sample.Ping", "/ping").write(plugins.resolve("sample.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of());
                TurnstileServer server = TurnstileServer.start(
                        ServerConfig.defaults().withPort(0).withDataDir(dataDir), loaded.list());
                TestClient client = TestClient.connect(server.address())) {
            assertEquals(401L, client.call("{\"url\":\"/ping\"}").get("code"));
            String token = client.login("box");

            assertEquals(Map.of("code", 200L, "class", "com.example.sample.Ping"),
                    client.call("{\"url\":\"/ping\",\"token\":\"" + token + "\"}"));
            List<?> routes = (List<?>) client.call("{\"url\":\"/routes\",\"token\":\"" + token + "\"}")
                    .get("routes");
            assertEquals(List.of(Map.of("url", "/login", "token", false, "jar", "auth.jar"),
                    Map.of("url", "/ping", "token", true, "jar", "sample.jar")), routes.subList(0, 2));
            assertEquals("/routes", ((Map<?, ?>) routes.get(2)).get("url"));
        }
    }

    /**
     * A plugin that declares one setting and serves one url itself, answering with what its context
     * shows of its own setting and of the other plugin's ({@code -} when it may not see it).
     */
    private static String seeing(String pkg, String className, String url, boolean needsToken, String own,
            String other) {
        return "package " + pkg + ";\n"
                + "import dev.turnstile.spi.*;\n"
                + "import java.util.*;\n"
                + "public class " + className + " implements Plugin, Handler {\n"
                + "    static final Setting<String> OWN = " + own + ";\n"
                + "    static final Setting<String> OTHER = " + other + ";\n"
                + "    private PluginContext context;\n"
                + "    public List<Setting<?>> settings() { return List.of(OWN); }\n"
                + "    public List<Handler> start(PluginContext context) { this.context = context; return List.of(this); }\n"
                + "    public String url() { return \"" + url + "\"; }\n"
                + "    public boolean needsToken() { return " + needsToken + "; }\n"
                + "    public Response handle(Request request, Session session) {\n"
                + "        if (!needsToken()) { session.grantToken(\"" + TOKEN + "\"); }\n"
                + "        return Response.ok(Map.of(\"token\", \"" + TOKEN + "\",\n"
                + "                \"own\", context.find(OWN).orElse(\"-\"), \"other\", other()));\n"
                + "    }\n"
                + "    private String other() {\n"
                + "        try { return context.find(OTHER).orElse(\"-\"); } catch (IllegalArgumentException e) { return \"-\"; }\n"
                + "    }\n"
                + "}\n";
    }

    @Test
    void aPluginSettingReachesOnlyThePluginThatDeclaresIt() throws Exception {
        Path plugins = Files.createDirectory(tmp.resolve("plugins"));
        Path dataDir = Files.createDirectory(tmp.resolve("data"));
        String alpha = "Setting.secret(\"alpha-key\", \"Alpha's secret\")";
        String beta = "Setting.oneOf(\"beta-mode\", \"Beta's mode\", \"plain\", \"plain\", \"fancy\")";
        plugin().source("com.example.alpha.Login", seeing("com.example.alpha", "Login", "/login", false, alpha, beta))
                .pluginService("com.example.alpha.Login").write(plugins.resolve("alpha.jar"));
        plugin().source("com.example.beta.Show", seeing("com.example.beta", "Show", "/show", true, beta, alpha))
                .pluginService("com.example.beta.Show").write(plugins.resolve("beta.jar"));

        try (LoadedPlugins loaded = PluginLoader.load(plugins, IsolatedClassPath.of());
                TurnstileServer server = TurnstileServer.start(ServerConfig.defaults().withPort(0).withDataDir(dataDir)
                        .withSetting("alpha-key", "open sesame"), loaded.list());
                TestClient client = TestClient.connect(server.address())) {
            Map<String, Object> login = client.call("{\"url\":\"/login\",\"hostname\":\"box\"}");
            assertEquals("open sesame", login.get("own"));
            assertEquals("-", login.get("other"), "another plugin's setting is not visible");

            Map<String, Object> show = client.call("{\"url\":\"/show\",\"token\":\"" + TOKEN + "\"}");
            assertEquals("-", show.get("other"), "another plugin's secret is not visible");
            assertEquals("plain", show.get("own"), "the declared default is filled in");
        }
    }
}
