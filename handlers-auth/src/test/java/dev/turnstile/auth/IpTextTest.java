package dev.turnstile.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are what Python's {@code socket.inet_ntop} (glibc) printed for the same addresses. */
class IpTextTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2001:db8:0:0:0:0:0:1, 2001:db8::1",
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
            "1:0:2:3:4:5:6:7, 1:0:2:3:4:5:6:7",
            "1:0:0:0:0:0:0:0, 1::",
            "0:0:1:0:0:0:0:0, 0:0:1::",
            "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
            "2001:0DB8:0000:0000:0000:0000:0000:000A, 2001:db8::a",
    })
    void ipv6IsCompressedAsRfc5952Says(String address, String expected) throws IOException {
        assertEquals(expected, IpText.of(InetAddress.getByName(address)));
    }

    @Test
    void ipv4IsADottedQuad() throws IOException {
        assertEquals("192.0.2.1", IpText.of(InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void ipv4MappedAddressIsADottedQuad() throws IOException {
        assertEquals("192.0.2.1", IpText.of(InetAddress.getByName("::ffff:192.0.2.1")));
    }

    @Test
    void ipv4CompatibleAddressEndsInADottedQuadAsGlibcPrintsIt() throws IOException {
        assertEquals("::1.2.3.4", IpText.of(InetAddress.getByName("0:0:0:0:0:0:102:304")));
    }

    @Test
    void globalAddressWithAScopeIdGetsTheNumber() throws IOException {
        byte[] bytes = InetAddress.getByName("2001:db8::1").getAddress();

        assertEquals("2001:db8::1%5", IpText.of(Inet6Address.getByAddress(null, bytes, 5)));
    }

    @Test
    void linkLocalAddressWithAnUnknownInterfaceIndexGetsTheNumber() throws IOException {
        byte[] bytes = InetAddress.getByName("fe80::1").getAddress();
        assumeTrue(NetworkInterface.getByIndex(77_777) == null, "interface 77777 exists here");

        assertEquals("fe80::1%77777", IpText.of(Inet6Address.getByAddress(null, bytes, 77_777)));
    }

    @Test
    void linkLocalAddressGetsTheInterfaceName() throws IOException {
        Optional<NetworkInterface> any = NetworkInterface.networkInterfaces().filter(n -> n.getIndex() > 0).findFirst();
        assumeTrue(any.isPresent(), "this machine lists no network interface");
        byte[] bytes = InetAddress.getByName("fe80::1").getAddress();
        Inet6Address address = Inet6Address.getByAddress(null, bytes, any.get().getIndex());

        assertEquals("fe80::1%" + any.get().getName(), IpText.of(address));
    }
}
