/**
 * The plugin loader: finds every {@link dev.turnstile.spi.Plugin} and every lone
 * {@link dev.turnstile.spi.Handler} on the server's class path and in the jars of the plugins
 * folder, and refuses to start, with one line naming the jar and the class, when a plugin is broken.
 */
package dev.turnstile.plugin;
