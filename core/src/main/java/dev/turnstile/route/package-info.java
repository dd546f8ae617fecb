/**
 * Where request policy lives, as plain Java without NIO: the route table, the router (url check,
 * token check, {@code id} echo, error mapping) and the built-in {@code /routes}.
 */
package dev.turnstile.route;
