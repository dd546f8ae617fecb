/**
 * The network side: one selector thread, one client at a time, its buffers, timers and busy policy,
 * and its transport (plain TCP, or TLS through an {@code SSLEngine}).
 * {@link dev.turnstile.server.TurnstileServer} is the entry point; the rest is package-private.
 */
package dev.turnstile.server;
