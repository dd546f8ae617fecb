/**
 * {@code turnstile-cli}: one-shot calls, an interactive prompt and a pipelined bulk mode, built
 * on the client library.
 */
package dev.turnstile.client.cli;
