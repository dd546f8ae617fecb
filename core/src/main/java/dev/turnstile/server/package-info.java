/**
 * The network side and what it runs with: one selector thread ({@code SelectorLoop}) with the
 * server's timers ({@code LoopTimer}), one client at a time ({@code Connection}, with its explicit
 * state), the socket-free {@link dev.turnstile.server.RequestPipeline} that turns a connection's
 * bytes into answer lines and waits for later answers, busy refusals and the transport (plain TCP,
 * or TLS through an {@code SSLEngine}); the server's settings ({@link dev.turnstile.server.CoreSettings})
 * and the one reading of every setting's text ({@link dev.turnstile.server.ValueFormats}), the
 * validated {@link dev.turnstile.server.ServerConfig}, the settings each plugin sees
 * ({@link dev.turnstile.server.PluginSettings}), the started plugins
 * ({@link dev.turnstile.server.StartedPlugins}) and the data folder
 * ({@link dev.turnstile.server.DataFolder}). {@link dev.turnstile.server.TurnstileServer} is the
 * entry point; {@code RequestPipeline} is public for the benchmark and fuzzing.
 */
package dev.turnstile.server;
