/**
 * What a Turnstile plugin's tests need (add {@code dev.turnstile:turnstile-testing} with scope
 * {@code test}): the one set of fakes, Turnstile's own plugins use it too.
 *
 * <p><b>Unit tests</b>, no socket and no mocking library: build a request with {@link
 * dev.turnstile.testing.Requests}, hand the handler a {@link dev.turnstile.testing.FakeSession},
 * and start a plugin with a {@link dev.turnstile.testing.FakePluginContext}, whose setting values
 * are read as the server reads them:
 * <pre>{@code
 * List<? extends Handler> handlers = new HelloPlugin().start(FakePluginContext.in(tmp).withSetting("hello-greeting", "Hi"));
 * Response response = handlers.get(0).handle(Requests.of("/hello").with("name", "x").build(), new FakeSession());
 * assertEquals(Response.ok("greeting", "Hi, x"), response);
 * }</pre>
 *
 * <p><b>Time and background work</b>, never sleeps: the context's {@link dev.turnstile.testing.ManualTimer}
 * is the server's timer moved by hand ({@code advance}); a {@link dev.turnstile.testing.ManualExecutor}
 * holds a plugin's background jobs until the test runs them; a {@link dev.turnstile.testing.ManualClock}
 * is a wall clock the test sets. {@link dev.turnstile.testing.Answers} turns a
 * {@link dev.turnstile.spi.Response#later later} answer into what it came to.
 *
 * <p><b>In-process integration tests</b>: {@link dev.turnstile.testing.TurnstileServerExtension}
 * serves the plugins or handlers under test from a real server on a free loopback port and gives
 * each test a logged-in {@link dev.turnstile.testing.TurnstileTestClient}.
 */
package dev.turnstile.testing;
