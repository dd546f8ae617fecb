/**
 * A Java client for Turnstile servers: {@link dev.turnstile.client.TurnstileClient} connects
 * (plain or TLS), logs in, and calls urls one at a time or pipelined.
 */
package dev.turnstile.client;
