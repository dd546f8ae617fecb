package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerContext;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.spi.Setting;
import dev.turnstile.spi.TokenAuthority;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The real {@link LoginHandler} given settings of the test's choosing, whatever the server's
 * context holds: in-process socket tests start {@code TurnstileServer} with a {@code ServerConfig},
 * which has no place for a plugin's own settings. Everything else, the token authority included, is
 * the login handler's own.
 */
final class ConfiguredLogin implements Handler, TokenAuthority {

    private final LoginHandler login = new LoginHandler();
    private final Map<String, String> settings;

    ConfiguredLogin(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public String url() {
        return login.url();
    }

    @Override
    public boolean needsToken() {
        return login.needsToken();
    }

    @Override
    public List<Setting> settings() {
        return login.settings();
    }

    @Override
    public Set<String> secretMembers() {
        return login.secretMembers();
    }

    @Override
    public void start(HandlerContext context) throws Exception {
        login.start(new HandlerContext() {
            @Override
            public Path dataDir() {
                return context.dataDir();
            }

            @Override
            public Path home() {
                return context.home();
            }

            @Override
            public Optional<String> setting(String key) {
                return settings.containsKey(key) ? Optional.of(settings.get(key)) : context.setting(key);
            }
        });
    }

    @Override
    public Response handle(Request request, Session session) throws HandlerException {
        return login.handle(request, session);
    }

    @Override
    public boolean accepts(String token, Session session) {
        return login.accepts(token, session);
    }

    @Override
    public void disconnected(Session session) {
        login.disconnected(session);
    }

    @Override
    public void stop() {
        login.stop();
    }
}
