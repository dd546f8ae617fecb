package dev.turnstile.client.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServerAddressTest {

    @Test
    void aHostAloneTakesThePortOfPortOrTheDefault() throws Exception {
        assertEquals(new ServerAddress("files.example.org", 8888), ServerAddress.of("files.example.org", null));
        assertEquals(new ServerAddress("files.example.org", 9000), ServerAddress.of("files.example.org", 9000));
    }

    @Test
    void hostColonPortCarriesItsPortAndAgreesWithAnEqualPortOption() throws Exception {
        assertEquals(new ServerAddress("10.0.0.5", 9000), ServerAddress.of("10.0.0.5:9000", null));
        assertEquals(new ServerAddress("10.0.0.5", 9000), ServerAddress.of("10.0.0.5:9000", 9000));
    }

    @Test
    void ipv6AddressesNeedBracketsOnlyWithAPort() throws Exception {
        assertEquals(new ServerAddress("::1", 8888), ServerAddress.of("::1", null));
        assertEquals(new ServerAddress("fe80::1", 9000), ServerAddress.of("[fe80::1]:9000", null));
        assertEquals(new ServerAddress("::1", 7), ServerAddress.of("[::1]", 7));
    }

    @Test
    void twoPortsAPortThatIsNoNumberAndAnEmptyHostAreUsageErrorsThatNamePortAndHost() {
        CliFailure twice = assertThrows(CliFailure.class, () -> ServerAddress.of("box:9000", 8888));
        CliFailure word = assertThrows(CliFailure.class, () -> ServerAddress.of("box:http", null));
        CliFailure empty = assertThrows(CliFailure.class, () -> ServerAddress.of(":9000", null));
        CliFailure range = assertThrows(CliFailure.class, () -> ServerAddress.of("box:70000", null));
        CliFailure bracket = assertThrows(CliFailure.class, () -> ServerAddress.of("[::1]9000", null));

        assertEquals("--host 'box:9000' names port 9000 and -p names 8888; give the port once", twice.getMessage());
        assertTrue(word.getMessage().endsWith("give the host with -h and the port with -p, as in -h 10.0.0.5 -p 8888"),
                word.getMessage());
        assertTrue(empty.getMessage().contains("-p"), empty.getMessage());
        assertEquals("--port must be between 1 and 65535, not 70000", range.getMessage());
        assertTrue(bracket.getMessage().contains("[::1]:8888"), bracket.getMessage());
        for (CliFailure failure : new CliFailure[] {twice, word, empty, range, bracket}) {
            assertEquals(ExitCode.USAGE, failure.exitCode());
        }
    }
}
