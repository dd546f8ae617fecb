/**
 * The handler SPI: the only package a Turnstile plugin author compiles against.
 *
 * <p>A plugin is a jar holding one or more {@link dev.turnstile.spi.Handler} implementations,
 * each listed in the jar's {@code META-INF/services/dev.turnstile.spi.Handler} file. The server
 * finds them at start-up with {@link java.util.ServiceLoader}, routes every request whose
 * {@code url} equals {@link dev.turnstile.spi.Handler#url()} to that handler, and writes the
 * returned {@link dev.turnstile.spi.Response} back as one JSON line.
 *
 * <p><b>Threading.</b> Turnstile serves one client at a time on a single thread. Every method of
 * a handler is called on that thread, so handlers need no locking, but a slow handler stalls the
 * client that is waiting for its answer.
 *
 * <pre>{@code
 * public final class HelloHandler implements Handler {
 *     public String url() { return "/hello"; }
 *     public Response handle(Request request, Session session) throws HandlerException {
 *         return Response.ok(Map.of("hello", request.requireString("name")));
 *     }
 * }
 * }</pre>
 */
package dev.turnstile.spi;
