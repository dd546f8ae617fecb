package dev.turnstile.auth;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Session;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection from a given address that keeps its granted token as the server's session does.
 * Used where a test plays several connections in turn, which mocks make hard to read.
 */
final class FakeSession implements Session {

    private final InetSocketAddress address;
    private final Map<String, Object> attributes = new HashMap<>();
    private String token;

    FakeSession(String ip) {
        try {
            this.address = new InetSocketAddress(InetAddress.getByName(ip), 40000);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return address;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public void grantToken(String value) {
        token = value;
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public void delayAnswer(Duration delay) {
    }

    @Override
    public void closeAfterAnswer() {
    }

    /** The connection closes: the server tells every handler, here the one under test. */
    void disconnectedFrom(Handler handler) {
        handler.disconnected(this);
    }
}
