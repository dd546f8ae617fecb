package dev.turnstile.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestProcessorTest {

    @Test
    void aRefusedRequestThatCarriesTheSecretIsNotShownInTheDebugLog() {
        byte[] request = "{\"url\":\"/login\",\"hostname\":\"\",\"secret\":\"open sesame\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals("not shown: it carries \"secret\"", RequestProcessor.shown(request, 0, request.length));
    }

    @Test
    void anyOtherRefusedRequestIsShownClipped() {
        byte[] request = "xx{\"url\":\"/login\",\"hostname\":\"\"}".getBytes(StandardCharsets.UTF_8);

        assertEquals("{\"url\":\"/login\",\"hostname\":\"\"}", RequestProcessor.shown(request, 2, request.length - 2));
    }
}
