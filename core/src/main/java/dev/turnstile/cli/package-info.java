/**
 * The {@code turnstile} command: its options, built from the settings table and the loaded
 * plugins' declarations, their precedence, the data folder lock, the server's life cycle from
 * start-up to a signal-driven stop.
 */
package dev.turnstile.cli;
