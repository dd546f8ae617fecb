/**
 * What every layer of start-up shares and that depends on no other Turnstile package: the
 * one-line {@link dev.turnstile.startup.StartupException} and the running version.
 */
package dev.turnstile.startup;
