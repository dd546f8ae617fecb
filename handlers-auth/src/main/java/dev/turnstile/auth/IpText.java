package dev.turnstile.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;

/**
 * Writes a client address as the original Python server saw it: the text that Python's
 * {@code socket} module gives for a peer address, which is glibc's {@code inet_ntop} plus
 * {@code getnameinfo}'s scope suffix.
 *
 * <ul>
 *   <li>IPv4: the dotted quad. Java already turns IPv4-mapped IPv6 addresses
 *       ({@code ::ffff:a.b.c.d}) into {@link Inet4Address}, so they print as a dotted quad too.
 *   <li>IPv6: RFC 5952 form, lower case, no leading zeros, the longest run of two or more zero
 *       groups (the first on a tie) replaced by {@code ::}. Java's {@code getHostAddress()} does
 *       not compress, hence this class. As glibc does, an IPv4-compatible address
 *       ({@code ::a.b.c.d}, first six groups zero) ends in its dotted quad, and so does an
 *       IPv4-mapped one that reaches this class as an {@link Inet6Address}.
 *   <li>Scope: {@code %name} of the interface for link-local addresses whose interface is known
 *       ({@code fe80::1%eth0}), {@code %number} otherwise, nothing when the scope id is 0.
 * </ul>
 */
final class IpText {

    private static final int GROUPS = 8;

    private IpText() {
    }

    /**
     * @param address a client's address
     * @return the address as Python prints it
     */
    static String of(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            return compressed(v6.getAddress()) + scope(v6);
        }
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        throw new IllegalArgumentException("not an IPv4 or IPv6 address: " + address);
    }

    static String compressed(byte[] bytes) {
        int[] groups = new int[GROUPS];
        for (int i = 0; i < GROUPS; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < GROUPS; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < GROUPS && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
            bestLength = 0;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < GROUPS; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.append(':');
            }
            if (i == 6 && embedsIpv4(groups, bestStart, bestLength)) {
                out.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
                        .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
                break;
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** glibc's rule: IPv4-compatible ({@code ::a.b.c.d}) and IPv4-mapped end in a dotted quad. */
    private static boolean embedsIpv4(int[] groups, int zeroStart, int zeroLength) {
        return zeroStart == 0 && (zeroLength == 6 || zeroLength == 5 && groups[5] == 0xffff);
    }

    private static String scope(Inet6Address address) {
        int id = address.getScopeId();
        if (id == 0) {
            return "";
        }
        if (address.isLinkLocalAddress() || address.isMCLinkLocal()) {
            String name = interfaceName(address, id);
            if (name != null) {
                return "%" + name;
            }
        }
        return "%" + id;
    }

    private static String interfaceName(Inet6Address address, int id) {
        if (address.getScopedInterface() != null) {
            return address.getScopedInterface().getName();
        }
        try {
            NetworkInterface found = NetworkInterface.getByIndex(id);
            return found == null ? null : found.getName();
        } catch (SocketException e) {
            // Python falls back to the number when the index names no interface; so do we.
            return null;
        }
    }
}
