package dev.turnstile.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.turnstile.json.OutputBuffer;
import dev.turnstile.startup.StartupException;
import dev.turnstile.spi.Handler;
import dev.turnstile.spi.HandlerException;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import dev.turnstile.testing.TestHandlers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RouterTest {

    /** A connection as the router sees it: an address, a token slot and attributes. */
    private static final class FakeSession implements Session {
        private final Map<String, Object> attributes = new HashMap<>();
        private String token;

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 40000);
        }

        @Override
        public String token() {
            return token;
        }

        @Override
        public void grantToken(String token) {
            this.token = token;
        }

        @Override
        public Map<String, Object> attributes() {
            return attributes;
        }

        @Override
        public void closeAfterAnswer() {
        }
    }

    /** {@code /forbidden}: refuses every call with a 403 of its own. */
    public static final class Forbidden implements Handler {
        @Override
        public String url() {
            return "/forbidden";
        }

        @Override
        public Response handle(Request request, Session session) throws HandlerException {
            throw new HandlerException(403, "you may not do that");
        }
    }

    /** {@code /null}: breaks the contract by answering nothing. */
    public static final class ReturnsNull implements Handler {
        @Override
        public String url() {
            return "/null";
        }

        @Override
        public Response handle(Request request, Session session) {
            return null;
        }
    }

    /** A second class claiming {@code /ping}. */
    public static final class OtherPing implements Handler {
        @Override
        public String url() {
            return "/ping";
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    /** A handler whose url is whatever the test says. */
    private static final class AnyUrl implements Handler {
        private final String url;

        AnyUrl(String url) {
            this.url = url;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public Response handle(Request request, Session session) {
            return Response.ok();
        }
    }

    private final FakeSession session = new FakeSession();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger routerLogger = (Logger) LoggerFactory.getLogger(Router.class);
    private Router router;

    @BeforeEach
    void setUp() throws StartupException {
        router = new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Ping(), new TestHandlers.Echo(),
                new TestHandlers.Fail(), new Forbidden(), new ReturnsNull()));
        // Keep the expected 500 stack traces out of the build output, and check them instead.
        log.start();
        routerLogger.addAppender(log);
        routerLogger.setAdditive(false);
    }

    @AfterEach
    void tearDown() {
        routerLogger.detachAppender(log);
        routerLogger.setAdditive(true);
    }

    private static Map<String, Object> request(Object... namesAndValues) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            members.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return members;
    }

    private Response route(Object... namesAndValues) {
        return router.answer(request(namesAndValues), session, new OutputBuffer());
    }

    private String login() {
        Response response = route("url", "/login");
        assertEquals(200, response.code());
        return (String) response.body().get("token");
    }

    private static void assertError(int code, String error, Response response) {
        assertEquals(code, response.code(), response.toString());
        assertEquals(Map.of("error", error), response.body());
    }

    @Test
    void aRequestWithoutUrlIsAnswered400() {
        assertError(400, "\"url\" is required", route("token", "t"));
    }

    @Test
    void aNullUrlIsAnswered400() {
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", null));
    }

    @Test
    void aUrlThatIsNotAStringIsAnswered400() {
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", 5L));
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", List.of("/ping")));
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", Map.of("p", "/ping")));
    }

    @Test
    void aUrlWithoutALeadingSlashIsAnswered400() {
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", "ping"));
        assertError(400, "\"url\" must be a string starting with \"/\"", route("url", ""));
    }

    @Test
    void beforeLoginAKnownUrlAndAnUnknownUrlGetTheSame401() {
        Response known = route("url", "/ping");
        Response unknown = route("url", "/no-such-url");
        assertEquals(401, known.code());
        assertEquals(known, unknown, "a stranger cannot tell which urls exist");
        assertEquals(known, route("url", "/routes"));
        assertEquals(known, route("url", "/ping", "token", "guess"));
        assertNull(session.token());
    }

    @Test
    void theTokenFreeLoginWorksWithoutAToken() {
        Response response = route("url", "/login");
        assertEquals(200, response.code());
        assertEquals("token-1", response.body().get("token"));
        assertEquals("token-1", session.token());
    }

    @Test
    void theTokenFreeLoginIgnoresAWrongToken() {
        String token = login();
        assertEquals(200, route("url", "/login", "token", "wrong").code());
        assertFalse(token.equals(session.token()), "a new login replaces the token");
    }

    @Test
    void afterLoginAMissingTokenIsAnswered401() {
        login();
        assertError(401, "\"token\" is required; use the token /login gave this connection", route("url", "/ping"));
        assertError(401, "\"token\" is required; use the token /login gave this connection",
                route("url", "/ping", "token", null));
    }

    @Test
    void afterLoginAWrongTokenIsAnswered401() {
        String token = login();
        String wrong = "\"token\" is not valid on this connection; log in again";
        assertError(401, wrong, route("url", "/ping", "token", token + "x"));
        assertError(401, wrong, route("url", "/ping", "token", "token-0"));
        assertError(401, wrong, route("url", "/ping", "token", ""));
    }

    @Test
    void afterLoginATokenThatIsNotAStringIsAnswered401() {
        login();
        String wrong = "\"token\" is not valid on this connection; log in again";
        assertError(401, wrong, route("url", "/ping", "token", 1L));
        assertError(401, wrong, route("url", "/ping", "token", List.of("token-1")));
        assertError(401, wrong, route("url", "/ping", "token", true));
    }

    @Test
    void theRightTokenReachesTheHandler() {
        String token = login();
        Response response = route("url", "/ping", "token", token);
        assertEquals(Response.ok("pong", true), response);
    }

    @Test
    void theHandlerSeesTheWholeRequest() {
        String token = login();
        Response response = route("url", "/echo", "token", token, "data", Map.of("k", List.of(1L, "two")));
        assertEquals(Map.of("data", Map.of("k", List.of(1L, "two"))), response.body());
    }

    @Test
    void anUnknownUrlWithAGoodTokenIsAnswered400NamingTheUrl() {
        String token = login();
        assertError(400, "unknown url \"/pong\"; /routes lists the urls this server serves",
                route("url", "/pong", "token", token));
    }

    @Test
    void anUnknownUrlWithABadTokenIsStillAnswered401() {
        login();
        assertEquals(401, route("url", "/pong", "token", "bad").code());
    }

    @Test
    void anUnknownUrlWithControlCharactersIsEscapedInTheMessage() {
        String token = login();
        Response response = route("url", "/a\nb\u0000", "token", token);
        assertError(400, "unknown url \"/a\\u000ab\\u0000\"; /routes lists the urls this server serves", response);
    }

    @Test
    void aHandlerExceptionBecomesItsCodeAndMessage() {
        String token = login();
        assertError(400, "\"data\" is required", route("url", "/echo", "token", token));
        assertError(403, "you may not do that", route("url", "/forbidden", "token", token));
    }

    @Test
    void aFailingHandlerIsAnswered500NamingNoInternalsAndTheLogHasTheStackTrace() {
        String token = login();
        Response response = route("url", "/fail", "token", token);
        assertError(500, "the handler for /fail failed; the server log has the details", response);
        String error = (String) response.body().get("error");
        assertFalse(error.contains("secret internal detail"));
        assertFalse(error.contains("Exception"));
        assertFalse(error.contains(TestHandlers.Fail.class.getName()));

        assertEquals(1, log.list.size());
        ILoggingEvent event = log.list.get(0);
        assertEquals(Level.ERROR, event.getLevel());
        assertTrue(event.getFormattedMessage().contains("/fail"), event.getFormattedMessage());
        assertTrue(event.getFormattedMessage().contains(TestHandlers.Fail.class.getName()));
        assertNotNull(event.getThrowableProxy());
        assertEquals("secret internal detail", event.getThrowableProxy().getMessage());
    }

    @Test
    void aHandlerThatReturnsNullIsAnswered500() {
        String token = login();
        assertError(500, "the handler for /null failed; the server log has the details",
                route("url", "/null", "token", token));
        assertEquals(1, log.list.size());
    }

    @Test
    void theServerKeepsAnsweringAfterAFailure() {
        String token = login();
        assertEquals(500, route("url", "/fail", "token", token).code());
        assertEquals(Response.ok("pong", true), route("url", "/ping", "token", token));
    }

    @Test
    void routesListsEveryRouteWithItsUrlTokenFlagAndJarSortedByUrl() {
        String token = login();
        Response response = route("url", "/routes", "token", token);
        assertEquals(200, response.code());
        List<Map<String, Object>> expected = List.of(
                entry("/echo", true), entry("/fail", true), entry("/forbidden", true), entry("/login", false),
                entry("/null", true), entry("/ping", true), entry("/routes", true));
        assertEquals(Map.of("routes", expected), response.body());
    }

    private static Map<String, Object> entry(String url, boolean token) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("url", url);
        entry.put("token", token);
        // The test handlers and core itself are loaded from folders here, not from jars.
        entry.put("jar", "class path");
        return entry;
    }

    @Test
    void routesNeedsTheTokenLikeEveryOtherUrl() {
        login();
        assertEquals(401, route("url", "/routes").code());
    }

    @Test
    void aDuplicateUrlIsRefusedNamingBothHandlerClasses() {
        StartupException e = assertThrows(StartupException.class,
                () -> RouteTable.of(new TestHandlers.Ping(), new OtherPing()));
        assertTrue(e.getMessage().contains("\"/ping\""), e.getMessage());
        assertTrue(e.getMessage().contains(TestHandlers.Ping.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(OtherPing.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("class path"), e.getMessage());
    }

    @Test
    void aHandlerClaimingTheBuiltInRoutesIsRefused() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.of(new AnyUrl("/routes")));
        assertTrue(e.getMessage().contains(AnyUrl.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains(RoutesHandler.class.getName()), e.getMessage());
    }

    @Test
    void aUrlWithoutALeadingSlashIsRefusedAtStartUp() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.of(new AnyUrl("ping")));
        assertTrue(e.getMessage().contains("\"ping\""), e.getMessage());
        assertTrue(e.getMessage().contains(AnyUrl.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("must start with \"/\""), e.getMessage());
    }

    @Test
    void aNullUrlIsRefusedAtStartUp() {
        StartupException e = assertThrows(StartupException.class, () -> RouteTable.of(new AnyUrl(null)));
        assertTrue(e.getMessage().contains("declares url null"), e.getMessage());
    }

    @Test
    void theTableFindsEachRouteAndListsThemSortedByUrl() throws StartupException {
        TestHandlers.Ping ping = new TestHandlers.Ping();
        RouteTable table = RouteTable.of(ping, new TestHandlers.Login());
        assertSame(ping, table.find("/ping").handler());
        assertNull(table.find("/nope"));
        assertEquals(List.of("/login", "/ping", "/routes"), table.routes().stream().map(Route::url).toList());
        assertThrows(UnsupportedOperationException.class, () -> table.routes().clear());
    }

    @Test
    void aClassFromAJarIsListedWithTheJarsFileName() {
        String source = Route.sourceOf(LoggerFactory.class);
        assertTrue(source.startsWith("slf4j-api") && source.endsWith(".jar"), source);
        assertEquals("class path", Route.sourceOf(RouterTest.class));
    }

    @Test
    void constantTimeEqualsComparesWholeStrings() {
        assertTrue(Router.constantTimeEquals("", ""));
        assertTrue(Router.constantTimeEquals("abc", "abc"));
        assertFalse(Router.constantTimeEquals("abc", "abd"));
        assertFalse(Router.constantTimeEquals("abc", "xbc"));
        assertFalse(Router.constantTimeEquals("abc", "ab"));
        assertFalse(Router.constantTimeEquals("abc", "abcd"));
        assertFalse(Router.constantTimeEquals("abc", ""));
        String token = "0123456789abcdef".repeat(4);
        assertTrue(Router.constantTimeEquals(token, new String(token.toCharArray())));
    }

    private static byte[] drain(OutputBuffer out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WritableByteChannel channel = Channels.newChannel(bytes);
        while (out.pending() > 0) {
            out.writeTo(channel);
        }
        return bytes.toByteArray();
    }

    @Test
    void aRequestsAttachmentReachesTheHandlerAndTheAnswersAttachmentFollowsItsLine() throws Exception {
        Router withBytes = new Router(RouteTable.of(new TestHandlers.Login(), new TestHandlers.Bytes()));
        OutputBuffer out = new OutputBuffer();
        withBytes.answer(request("url", "/login"), session, out);
        drain(out);
        byte[] sent = {'{', '"', 0, (byte) 0xFF, '\n'};
        Response response = withBytes.answer(request("url", "/bytes", "token", session.token(), "attachment", 5L, "id", "x"),
                ByteBuffer.wrap(sent), session, out);
        assertEquals(200, response.code());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes("{\"code\":200,\"id\":\"x\",\"received\":5,\"attachment\":5}\n".getBytes(StandardCharsets.UTF_8));
        expected.writeBytes(sent);
        assertArrayEquals(expected.toByteArray(), drain(out));
    }

    @Test
    void aResponseWhoseBodyCannotBeWrittenIsA500WithoutItsAttachmentAndItsFileIsClosed(@TempDir Path dir)
            throws Exception {
        TestHandlers.Region region = new TestHandlers.Region();
        Router withRegion = new Router(RouteTable.of(new TestHandlers.Login(), region));
        OutputBuffer out = new OutputBuffer();
        withRegion.answer(request("url", "/login"), session, out);
        drain(out);
        Path file = Files.write(dir.resolve("f"), new byte[100]);
        Response response = withRegion.answer(request("url", "/region", "token", session.token(), "path", file.toString(),
                "offset", 0L, "count", 100L, "unwritable", true), session, out);
        assertError(500, "the handler for /region failed; the server log has the details", response);
        assertEquals("{\"code\":500,\"error\":\"the handler for /region failed; the server log has the details\"}\n",
                new String(drain(out), StandardCharsets.UTF_8));
        assertFalse(region.opened().get(0).isOpen(), "the region that will never be sent is closed");
    }
}
