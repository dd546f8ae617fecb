package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The names the certificate of {@code tls=auto} gives, for each kind of {@code host}. */
class CertificateNamesTest {

    @Test
    void anAddressIsNamedAsItselfAndNothingElse() {
        assertEquals(List.of("ip:127.0.0.1"), CertificateNames.of("127.0.0.1"));
        assertEquals(List.of("ip:0:0:0:0:0:0:0:1"), CertificateNames.of("::1"));
        assertEquals(List.of("ip:0:0:0:0:0:0:0:1"), CertificateNames.of("[::1]"));
    }

    @Test
    void aNameIsNamedWithTheAddressesItHasNow() {
        List<String> names = CertificateNames.of("localhost");

        assertEquals("dns:localhost", names.get(0));
        assertTrue(names.contains("ip:127.0.0.1") || names.contains("ip:0:0:0:0:0:0:0:1"), names::toString);
    }

    @Test
    void aNameThatDoesNotResolveIsStillNamed() {
        assertEquals(List.of("dns:files.example.invalid"), CertificateNames.of("FILES.example.invalid"));
    }

    @Test
    void aWildcardNamesLocalhostAndTheLoopbackAddressButNoWildcardOrLinkLocalAddress() {
        List<String> names = CertificateNames.of("0.0.0.0");

        assertTrue(names.contains("dns:localhost"), names::toString);
        assertTrue(names.contains("ip:127.0.0.1"), names::toString);
        assertFalse(names.contains("ip:0.0.0.0"), names::toString);
        assertTrue(names.stream().noneMatch(name -> name.startsWith("ip:fe80")), names::toString);
        assertEquals(names.stream().distinct().toList(), names, "no name twice");
        int firstAddress = names.indexOf(names.stream().filter(n -> n.startsWith("ip:")).findFirst().orElseThrow());
        assertTrue(names.subList(firstAddress, names.size()).stream().allMatch(n -> n.startsWith("ip:")),
                "names before addresses: " + names);
    }
}
