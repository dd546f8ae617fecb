package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Plugin;
import dev.turnstile.testing.FakePluginContext;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceRegistrationTest {

    @TempDir
    Path dataDir;

    @Test
    void serviceLoaderFindsTheAuthPluginWhichServesLogin() throws Exception {
        List<Plugin> found = ServiceLoader.load(Plugin.class).stream()
                .filter(provider -> provider.type() == AuthPlugin.class)
                .map(ServiceLoader.Provider::get)
                .toList();
        assertEquals(1, found.size());

        Plugin plugin = found.get(0);
        List<String> urls = plugin.start(FakePluginContext.in(dataDir).declaredBy(plugin)).stream()
                .map(Handler::url).toList();
        plugin.stop();

        assertEquals(List.of("/login"), urls);
    }
}
