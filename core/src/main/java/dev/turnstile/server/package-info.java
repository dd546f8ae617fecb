/**
 * The network side and what it runs with: one selector thread ({@code SelectorLoop}), one client
 * at a time ({@code Connection}, with its explicit state), the socket-free
 * {@link dev.turnstile.server.RequestPipeline} that turns a connection's bytes into answer lines,
 * busy refusals, timers and the transport (plain TCP, or TLS through an {@code SSLEngine}); the
 * table of core settings ({@link dev.turnstile.server.CoreSetting}), the validated
 * {@link dev.turnstile.server.ServerConfig}, the plugin settings each handler sees
 * ({@link dev.turnstile.server.HandlerSettings}) and the data folder
 * ({@link dev.turnstile.server.DataFolder}). {@link dev.turnstile.server.TurnstileServer} is the
 * entry point; {@code RequestPipeline} is public for the benchmark and fuzzing.
 */
package dev.turnstile.server;
