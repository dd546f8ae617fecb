/**
 * The auth plugin ({@link dev.turnstile.auth.AuthPlugin}): {@code /login}, the token it grants
 * (computed exactly as the original Python design computed it), and, as the server's token
 * authority, where that token is accepted: on its own connection ({@code token-scope=connection},
 * the default) or from its client's address until it expires ({@code token-scope=address}, the
 * expiry on the server's timer).
 */
package dev.turnstile.auth;
