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

        try (LoadedHandlers loaded = HandlerLoader.load(plugins, IsolatedClassPath.of());
                TurnstileServer server = TurnstileServer.start(
                        ServerConfig.defaults().withPort(0).withDataDir(dataDir), loaded.table());
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
}
