package dev.turnstile.server;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names the certificate of {@code tls=auto} gives for the server, as keytool's
 * {@code -ext SAN=} takes them ({@code dns:box.example.org}, {@code ip:192.0.2.7}). A client that
 * trusts the server on first use does not check them, but one that is given the certificate as an
 * authority (Python's {@code ssl} with {@code cafile}, {@code turnstile-cli --trust-store}) does.
 *
 * <p>For a host it listens on by name or address: that name or address, and the addresses the name
 * has now. For a wildcard ({@code 0.0.0.0}, {@code ::}): the machine's own name, {@code localhost}
 * and the addresses of its network interfaces now, link-local ones left out. The certificate is made
 * once and kept, so an address the machine gets later is not in it; docs/security.md says how to make
 * a new one.
 */
final class CertificateNames {

    private static final Pattern DNS_NAME = Pattern.compile(
            "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private CertificateNames() {
    }

    /**
     * @param host the {@code host} setting: a name or an address, IPv6 possibly in brackets
     * @return the names, without repeats, names before addresses
     */
    static List<String> of(String host) {
        Set<String> dns = new LinkedHashSet<>();
        Set<String> ip = new LinkedHashSet<>();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] resolved = resolve(bare);
        if (resolved.length > 0 && resolved[0].isAnyLocalAddress()) {
            machineName(dns);
            dns.add("localhost");
            interfaceAddresses(ip);
        } else {
            if (!isAddress(bare)) {
                addName(dns, bare);
            }
            for (InetAddress address : resolved) {
                addAddress(ip, address);
            }
        }
        List<String> names = new ArrayList<>();
        dns.forEach(name -> names.add("dns:" + name));
        ip.forEach(address -> names.add("ip:" + address));
        return names;
    }

    private static InetAddress[] resolve(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            // The bind reports it; a certificate for the name alone is still right once it resolves.
            return new InetAddress[0];
        }
    }

    private static void machineName(Set<String> dns) {
        try {
            addName(dns, InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // A machine whose own name does not resolve still has localhost and its addresses.
        }
    }

    private static void interfaceAddresses(Set<String> ip) {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp()) {
                    Collections.list(nic.getInetAddresses()).forEach(address -> addAddress(ip, address));
                }
            }
        } catch (SocketException e) {
            // No interface list: the names above remain.
        }
    }

    private static void addName(Set<String> dns, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.length() <= 253 && DNS_NAME.matcher(lower).matches()) {
            dns.add(lower);
        }
    }

    private static void addAddress(Set<String> ip, InetAddress address) {
        if (address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()) {
            return;
        }
        String text = address.getHostAddress();
        int scope = text.indexOf('%');
        ip.add(scope < 0 ? text : text.substring(0, scope));
    }

    private static boolean isAddress(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
