/**
 * The plugin SPI: the only package a Turnstile plugin author compiles against.
 *
 * <p>A plugin is a jar. Its {@link dev.turnstile.spi.Plugin} (listed in
 * {@code META-INF/services/dev.turnstile.spi.Plugin}) declares its {@link dev.turnstile.spi.Setting
 * settings}, and at start gets their checked values through a {@link dev.turnstile.spi.PluginContext}
 * and returns its {@link dev.turnstile.spi.Handler handlers}. The server routes every request whose
 * {@code url} equals a handler's {@link dev.turnstile.spi.Handler#url()} to it, and writes the
 * returned {@link dev.turnstile.spi.Response} back as one JSON line, followed by its
 * {@link dev.turnstile.spi.Attachment} if it has one. A handler with no settings and no shared state
 * can be listed alone in {@code META-INF/services/dev.turnstile.spi.Handler}:
 *
 * <pre>{@code
 * public final class HelloHandler implements Handler {
 *     public String url() { return "/hello"; }
 *     public Response handle(Request request, Session session) throws HandlerException {
 *         return Response.ok(Map.of("hello", request.requireString("name")));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Threading.</b> Turnstile serves one client at a time on a single thread. Every method of a
 * plugin and of a handler is called on that thread, so they need no locking, but a slow handler
 * stalls the client that is waiting for its answer: slow work runs elsewhere and is answered with
 * {@link dev.turnstile.spi.Response#later}.
 */
package dev.turnstile.spi;
