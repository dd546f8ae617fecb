package dev.turnstile.files;

import dev.turnstile.spi.Session;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A connection as a handler sees it, with nothing behind it. */
final class FakeSession implements Session {

    private final Map<String, Object> attributes = new HashMap<>();

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public String token() {
        return "t";
    }

    @Override
    public void grantToken(String token) {
        throw new IllegalStateException("the files handlers never grant tokens");
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
}
