/**
 * The network side: one selector thread ({@code SelectorLoop}), one client at a time
 * ({@code Connection}, with its explicit state), the socket-free {@link dev.turnstile.server.RequestPipeline}
 * that turns a connection's bytes into answer lines, busy refusals, timers, and the transport
 * (plain TCP, or TLS through an {@code SSLEngine}). {@link dev.turnstile.server.TurnstileServer}
 * is the entry point; {@code RequestPipeline} is public for the benchmark and fuzzing; the rest is
 * package-private.
 */
package dev.turnstile.server;
