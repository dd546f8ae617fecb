package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.RunningServer;
import dev.turnstile.client.SecretLogin;
import dev.turnstile.client.TurnstileClient;
import dev.turnstile.server.BusyPolicy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** turnstile-cli as a real process against a real server in this JVM. */
class CliIT {

    @TempDir
    Path dataDir;

    private RunningServer server;
    private String port;

    @BeforeEach
    void startServer() throws Exception {
        server = RunningServer.start(dataDir);
        port = String.valueOf(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void oneShotPrintsTheAnswerPrettyAndExits0() throws Exception {
        CliProcess.Result result = CliProcess.run("", "-p", port, "/echo", "data=\"hello\"");

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("{\n  \"code\": 200,\n  \"data\": \"hello\"\n}\n", result.stdout());
    }

    @Test
    void oneShotWithRawAndJsonPrintsTheExactLine() throws Exception {
        CliProcess.Result result = CliProcess.run("", "-p", port, "--raw", "/echo", "--json", "{\"data\":[1,2]}", "id=9");

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("{\"code\":200,\"id\":9,\"data\":[1,2]}\n", result.stdout());
    }

    @Test
    void withJsonAloneItsUrlMemberIsTheUrl() throws Exception {
        CliProcess.Result result = CliProcess.run("", "-p", port, "--raw", "--json", "{\"url\":\"/echo\",\"data\":true}");

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("{\"code\":200,\"data\":true}\n", result.stdout());
    }

    @Test
    void aValueThatIsNotJsonIsSentAsAString() throws Exception {
        CliProcess.Result result = CliProcess.run("", "-p", port, "--raw", "/echo", "data=plain words");

        assertEquals("{\"code\":200,\"data\":\"plain words\"}\n", result.stdout());
    }

    @Test
    void aNon200AnswerIsPrintedAndExits1() throws Exception {
        CliProcess.Result result = CliProcess.run("", "-p", port, "--raw", "/pong");

        assertEquals(1, result.exitCode());
        assertTrue(result.stdout().startsWith("{\"code\":400,\"error\":\"unknown url \\\"/pong\\\""), result.stdout());
    }

    @Test
    @SuppressWarnings("unchecked")
    void statsPrintsHowTheServerIsDoingReadablyAndWithJsonAsTheServersLine() throws Exception {
        CliProcess.Result readable = CliProcess.run("", "-p", port, "stats");

        assertEquals(0, readable.exitCode(), readable.stderr());
        List<String> lines = readable.lines();
        assertTrue(lines.get(0).matches("turnstile \\S+ at 127\\.0\\.0\\.1:" + port + ", up \\d+ s \\(since .+\\)"),
                lines.get(0));
        assertEquals(List.of("connections: 1 accepted, 0 refused (busy)", "answers: 1, 0 not 200", "  /login   200: 1"),
                lines.subList(1, 4));
        assertTrue(lines.get(4).matches("bytes: \\d+ bytes in, \\d+ bytes out"), lines.get(4));
        assertEquals(5, lines.size(), readable.stdout());

        CliProcess.Result json = CliProcess.run("", "-p", port, "stats", "--json");

        assertEquals(0, json.exitCode(), json.stderr());
        assertEquals(1, json.lines().size());
        Map<String, Object> answer = JsonMaps.parseObject(json.stdout());
        assertEquals(Map.of("accepted", 2L, "refused_busy", 0L), answer.get("connections"));
        assertEquals(Map.of("/login", Map.of("200", 2L), "/stats", Map.of("200", 1L)),
                ((Map<String, Object>) answer.get("requests")).get("by_url"));
    }

    @Test
    void badUsageExits2WithOneLine() throws Exception {
        CliProcess.Result noEquals = CliProcess.run("", "-p", port, "/echo", "data");
        CliProcess.Result badPort = CliProcess.run("", "-p", "eighty", "/ping");

        assertEquals(2, noEquals.exitCode());
        assertTrue(noEquals.stderr().contains("expected KEY=VALUE"), noEquals.stderr());
        assertEquals(2, badPort.exitCode());
        assertTrue(badPort.stderr().contains("eighty"), badPort.stderr());
    }

    @Test
    void noServerOnThePortExits3() throws Exception {
        int unused;
        try (ServerSocket probe = new ServerSocket(0)) {
            unused = probe.getLocalPort();
        }

        CliProcess.Result result = CliProcess.run("", "-p", String.valueOf(unused), "/ping");

        assertEquals(3, result.exitCode());
        assertTrue(result.stderr().contains("cannot connect to 127.0.0.1:" + unused), result.stderr());
    }

    @Test
    void aBusyServerExits4AndSaysAnotherClientHoldsIt() throws Exception {
        try (TurnstileClient holder = TurnstileClient.connect(server.options())) {
            holder.login();

            CliProcess.Result result = CliProcess.run("", "-p", port, "/ping");

            assertEquals(4, result.exitCode());
            assertTrue(result.stderr().contains("another client holds the server"), result.stderr());
            assertTrue(result.stderr().contains("--wait"), result.stderr());
        }
    }

    @Test
    void withWaitABusyServerIsCalledOnceTheOtherClientLeaves() throws Exception {
        TurnstileClient holder = TurnstileClient.connect(server.options());
        holder.login();
        CliProcess cli = CliProcess.start(Map.of(), "-p", port, "--wait", "--raw", "/ping");

        cli.awaitStderrLine("waiting for it to leave");
        holder.close();
        CliProcess.Result result = cli.finish();

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("{\"code\":200,\"pong\":true}\n", result.stdout());
    }

    @Test
    void sigtermEndsAWaitingPullWith143AsTheDocsSay(@TempDir Path mirror) throws Exception {
        try (TurnstileClient holder = TurnstileClient.connect(server.options())) {
            holder.login();
            CliProcess cli = CliProcess.start(Map.of(), "-p", port, "--wait", "pull", mirror.toString());

            cli.awaitStderrLine("waiting for it to leave");
            cli.terminate();
            CliProcess.Result result = cli.finish();

            assertEquals(143, result.exitCode(), result.stderr());
        }
    }

    @Test
    void hostColonPortIsUnderstoodAndAPortGivenTwiceIsRefused() throws Exception {
        CliProcess.Result joined = CliProcess.run("", "--host", "127.0.0.1:" + port, "--raw", "/ping");
        CliProcess.Result ipv6 = CliProcess.run("", "-h", "[::1]:" + port, "--raw", "/ping");
        CliProcess.Result twice = CliProcess.run("", "-h", "127.0.0.1:" + port, "-p", "1", "/ping");
        CliProcess.Result notAPort = CliProcess.run("", "-h", "box:http", "/ping");

        assertEquals(0, joined.exitCode(), joined.stderr());
        assertEquals("{\"code\":200,\"pong\":true}\n", joined.stdout());
        assertEquals(3, ipv6.exitCode(), "the server listens on IPv4 only: " + ipv6.stderr());
        assertTrue(ipv6.stderr().startsWith("turnstile-cli: cannot connect to [::1]:" + port + ": "), ipv6.stderr());
        assertEquals(2, twice.exitCode());
        assertEquals("turnstile-cli: --host '127.0.0.1:" + port + "' names port " + port + " and -p names 1; give the"
                + " port once\n", twice.stderr());
        assertEquals(2, notAPort.exitCode());
        assertEquals("turnstile-cli: --host 'box:http' is neither HOST nor HOST:PORT; give the host with -h and the"
                + " port with -p, as in -h 10.0.0.5 -p 8888\n", notAPort.stderr());
    }

    @Test
    void pipeSendsTenThousandRequestsOnOneConnectionAndAnswersEachInOrder() throws Exception {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            requests.append("{\"url\":\"/echo\",\"data\":").append(i).append("}\n");
        }

        CliProcess.Result result = CliProcess.run(requests.toString(), "-p", port, "--pipe");

        assertEquals(0, result.exitCode(), result.stderr());
        List<String> lines = result.lines();
        assertEquals(10_000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals("{\"code\":200,\"data\":" + i + "}", lines.get(i));
        }
    }

    @Test
    void pipeAnswersABadLineLocallyKeepsGoingAndExits1() throws Exception {
        String requests = "{\"url\":\"/ping\",\"id\":1}\n"
                + "not json\n"
                + "\n"
                + "{\"url\":\"/nope\",\"id\":2}\n"
                + "{\"url\":\"/ping\",\"id\":3}\n";

        CliProcess.Result result = CliProcess.run(requests, "-p", port, "--pipe");

        assertEquals(1, result.exitCode(), result.stderr());
        List<String> lines = result.lines();
        assertEquals(4, lines.size(), result.stdout());
        assertEquals("{\"code\":200,\"id\":1,\"pong\":true}", lines.get(0));
        Map<String, Object> local = JsonMaps.parseObject(lines.get(1));
        assertEquals(400L, local.get("code"));
        assertTrue(((String) local.get("error")).startsWith("line 2 is not a JSON object"), lines.get(1));
        assertEquals(400L, JsonMaps.parseObject(lines.get(2)).get("code"));
        assertEquals("{\"code\":200,\"id\":3,\"pong\":true}", lines.get(3));
    }

    @Test
    void theSecretComesFromTheEnvironmentAndACommandLineSecretWorksWithAWarning(@TempDir Path otherDir) throws Exception {
        server.close();
        server = RunningServer.start(otherDir, BusyPolicy.REJECT, new SecretLogin("s3cret"));
        port = String.valueOf(server.port());

        CliProcess.Result fromEnvironment = CliProcess.run(Map.of("TURNSTILE_AUTH_SECRET", "s3cret"), "", "-p", port, "/ping");
        CliProcess.Result fromArgument = CliProcess.run("", "-p", port, "--secret", "s3cret", "/ping");

        assertEquals(0, fromEnvironment.exitCode(), fromEnvironment.stderr());
        assertEquals("", fromEnvironment.stderr());
        assertEquals(0, fromArgument.exitCode(), fromArgument.stderr());
        assertTrue(fromArgument.stderr().contains("warning: a secret on the command line"), fromArgument.stderr());
    }

    @Test
    void aMissingSecretAndAWrongOneAreTwoMessagesThatNameTheVariableAndAskSecret(@TempDir Path otherDir)
            throws Exception {
        server.close();
        server = RunningServer.start(otherDir, BusyPolicy.REJECT, new SecretLogin("s3cret"));
        port = String.valueOf(server.port());

        CliProcess.Result missing = CliProcess.run("", "-p", port, "/ping");
        CliProcess.Result wrong = CliProcess.run(Map.of("TURNSTILE_AUTH_SECRET", "guess"), "", "-p", port, "/ping");

        assertEquals(1, missing.exitCode());
        assertEquals("turnstile-cli: 127.0.0.1:" + port + " asks for a login secret (it answered: wrong or missing"
                + " login secret); set TURNSTILE_AUTH_SECRET, or use --ask-secret to type it\n", missing.stderr());
        assertEquals(1, wrong.exitCode());
        assertEquals("turnstile-cli: 127.0.0.1:" + port + " refused the login secret from TURNSTILE_AUTH_SECRET"
                + " (it answered: wrong or missing login secret); check TURNSTILE_AUTH_SECRET, or use --ask-secret"
                + " to type it\n", wrong.stderr());
    }
}
