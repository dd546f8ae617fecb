package dev.turnstile.sample;

import dev.turnstile.spi.Handler;
import dev.turnstile.spi.Request;
import dev.turnstile.spi.Response;
import dev.turnstile.spi.Session;
import java.time.Clock;
import java.time.Instant;

/**
 * Answers {@code {"url":"/time","token":…}} with the server's current time as an ISO-8601 UTC
 * instant, such as {@code {"code":200,"time":"2026-11-26T09:30:00.123456Z"}}.
 */
public final class TimeHandler implements Handler {

    private final Clock clock;

    /** Creates the handler on the system clock; the server does this once, at start-up. */
    public TimeHandler() {
        this(Clock.systemUTC());
    }

    // Tests pass a fixed clock so that they can assert the exact answer.
    TimeHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String url() {
        return "/time";
    }

    @Override
    public Response handle(Request request, Session session) {
        return Response.ok("time", Instant.now(clock).toString());
    }
}
