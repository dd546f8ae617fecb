/**
 * The {@code turnstile} command: options and their precedence, the data folder lock, the
 * server's life cycle from start-up to a signal-driven stop.
 */
package dev.turnstile.cli;
