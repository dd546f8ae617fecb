/**
 * What a Turnstile plugin's tests need (add {@code dev.turnstile:turnstile-testing} with scope
 * {@code test}).
 *
 * <p><b>Unit tests</b>, no socket and no mocking library: build a request with {@link
 * dev.turnstile.testing.Requests}, hand the handler a {@link dev.turnstile.testing.FakeSession},
 * and start it with a {@link dev.turnstile.testing.FakeHandlerContext}:
 * <pre>{@code
 * FakeSession session = new FakeSession();
 * Response response = new HelloHandler().handle(Requests.of("/hello").with("name", "x").build(), session);
 * assertEquals(Response.ok("hello", "x"), response);
 * }</pre>
 *
 * <p><b>In-process integration tests</b>: {@link dev.turnstile.testing.TurnstileServerExtension}
 * serves the handlers under test from a real server on a free loopback port and gives each test a
 * logged-in {@link dev.turnstile.testing.TurnstileTestClient}.
 */
package dev.turnstile.testing;
