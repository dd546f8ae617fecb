/**
 * The auth plugin: {@code /login} and the connection-bound token it grants, computed exactly as
 * the original Python design computed it.
 */
package dev.turnstile.auth;
