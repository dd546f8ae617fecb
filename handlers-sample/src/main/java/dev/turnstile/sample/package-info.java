/**
 * The sample handlers {@code /ping}, {@code /echo} and {@code /time}: small enough to read in a
 * minute, and the template to copy when writing a Turnstile plugin.
 */
package dev.turnstile.sample;
