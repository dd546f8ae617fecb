/**
 * Where request policy lives, as plain Java without NIO: the route table (urls, the handlers' life
 * cycle, the token authority, the secret members), the router (url check, token check, {@code id}
 * echo, error mapping, the encoded answer line) and the built-in {@code /routes}.
 */
package dev.turnstile.route;
