/**
 * The network side: one selector thread, one client at a time, its buffers, timers and busy policy,
 * and its transport (plain TCP, or TLS through an {@code SSLEngine}); and what it runs with: the
 * table of core settings ({@link dev.turnstile.server.CoreSetting}), the validated
 * {@link dev.turnstile.server.ServerConfig}, the plugin settings each handler sees
 * ({@link dev.turnstile.server.HandlerSettings}) and the data folder ({@link dev.turnstile.server.DataFolder}).
 * {@link dev.turnstile.server.TurnstileServer} is the entry point; the rest is package-private.
 */
package dev.turnstile.server;
