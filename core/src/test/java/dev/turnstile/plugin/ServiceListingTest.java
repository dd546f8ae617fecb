package dev.turnstile.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServiceListingTest {

    @Test
    void commentsBlankLinesSurroundingSpaceAndRepeatsAreDroppedAndTheOrderKept() throws Exception {
        String file = "# handlers of the example plugin\n"
                + "com.example.Login\n"
                + "\n"
                + "  com.example.Ping   # answers pong\r\n"
                + "\tcom.example.Login\n"
                + "com.example.Echo";

        List<String> names = ServiceListing.parse(new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)));

        assertEquals(List.of("com.example.Login", "com.example.Ping", "com.example.Echo"), names);
    }

    @Test
    void theFileNamesAreThePluginAndHandlerInterfacesNames() {
        assertEquals("META-INF/services/dev.turnstile.spi.Plugin", ProviderKind.PLUGIN.file());
        assertEquals("META-INF/services/dev.turnstile.spi.Handler", ProviderKind.HANDLER.file());
    }
}
