/**
 * Where request policy lives, as plain Java without NIO: the plugins as loaded
 * ({@link dev.turnstile.route.LoadedPlugin}), the route table (urls, the plugins' life cycle, the
 * token authority, the secret members), the router (url check, token check, {@code id} echo, error
 * mapping, the encoded answer line, later answers) and the built-in {@code /routes}.
 */
package dev.turnstile.route;
