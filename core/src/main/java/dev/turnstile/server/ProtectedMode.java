package dev.turnstile.server;

import dev.turnstile.route.Route;
import dev.turnstile.route.RouteTable;
import dev.turnstile.spi.Setting;
import dev.turnstile.spi.TokenAuthority;
import dev.turnstile.startup.SettingsException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Safe by default off loopback, as Redis's protected mode: a server that would listen beyond
 * loopback with neither TLS nor a login secret refuses to start, unless the settings say that the
 * network is trusted ({@code trusted-network=true}). Whether a login needs a secret is the token
 * authority's to say ({@link TokenAuthority#requiresSecret()}); core names no plugin's setting, and
 * the refusal names the secret settings the authority's plugin declares, whatever they are.
 *
 * <p>It runs once the plugins have started (only then is the authority known), for a start and for
 * {@code --check} alike, so both report the same line. A server beyond loopback with only one of
 * the two starts, with a {@linkplain #warning warning} that says what the other would add.
 */
final class ProtectedMode {

    private ProtectedMode() {
    }

    /**
     * @param config the configuration: host, TLS, {@code trusted-network}
     * @param routes the started plugins' routes, with their token authority
     * @throws SettingsException when the server must not start; the line says how to enable TLS and
     *     a secret, or how to declare the network trusted
     */
    static void check(ServerConfig config, RouteTable routes) throws SettingsException {
        if (exposed(config) && !config.trustedNetwork() && !config.tlsEnabled() && !requiresSecret(routes)) {
            throw new SettingsException("refusing to listen on " + config.host() + ", beyond loopback, with neither"
                    + " TLS nor a login secret: anyone who can reach the port could log in and read the traffic;"
                    + " turn on TLS with --tls auto and " + secretAdvice(routes) + ", or, if everyone who can reach"
                    + " the port is trusted, start with --trusted-network true");
        }
    }

    /**
     * @return what a server that may start beyond loopback lacks, for the start-up log; empty on
     *     loopback or with both TLS and a secret
     */
    static Optional<String> warning(ServerConfig config, RouteTable routes) {
        if (!exposed(config)) {
            return Optional.empty();
        }
        boolean tls = config.tlsEnabled();
        boolean secret = requiresSecret(routes);
        String where = "listening on " + config.host() + " beyond loopback ";
        if (tls && !secret) {
            return Optional.of(where + "without a login secret: anyone who can reach the port can log in (over TLS); "
                    + secretAdvice(routes));
        }
        if (!tls && secret) {
            return Optional.of(where + "without TLS: the login secret and every answer cross the network in clear"
                    + " text; turn on TLS with --tls auto");
        }
        if (!tls) {
            return Optional.of(where + "with neither TLS nor a login secret, as --trusted-network true allows:"
                    + " anyone who can reach the port can log in");
        }
        return Optional.empty();
    }

    /** @return whether the host is not a loopback address; one that does not resolve is left to the bind */
    static boolean exposed(ServerConfig config) {
        try {
            return !InetAddress.getByName(config.host()).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean requiresSecret(RouteTable routes) {
        TokenAuthority authority = routes.authority();
        return authority != null && authority.requiresSecret();
    }

    /** @return how to set a login secret: the secret settings of the authority's plugin, by their variables */
    private static String secretAdvice(RouteTable routes) {
        TokenAuthority authority = routes.authority();
        List<String> variables = routes.routes().stream().filter(route -> route.handler() == authority)
                .map(Route::plugin).flatMap(plugin -> plugin.settings().stream()).filter(Setting::secret)
                .map(setting -> SettingNames.environmentVariable(setting.key())).distinct().toList();
        if (variables.isEmpty()) {
            return "use a login plugin that requires a secret";
        }
        return "set a login secret in " + variables.stream().collect(Collectors.joining(" or "));
    }
}
