package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.turnstile.testing.TurnstileServerExtension;
import dev.turnstile.testing.TurnstileTestClient;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The plugin behind a real Turnstile on a loopback port, called over TCP by a logged-in client. */
class ${handlerClass}IT {

    @RegisterExtension
    static final TurnstileServerExtension TURNSTILE = TurnstileServerExtension.serving(new ${pluginClass}());

    @Test
    void aNameIsGreetedAsOneJsonLineWithTheCodeFirst(TurnstileTestClient client) throws IOException {
        String answer = client.send("{\"url\":\"/${route}\",\"name\":\"Ada\",\"token\":\"" + client.token() + "\"}");

        assertEquals("{\"code\":200,\"greeting\":\"Hello, Ada\"}", answer);
    }

    @Test
    void aBadRequestIsAnswered400AndTheNextOneIsServed(TurnstileTestClient client) throws IOException {
        assertEquals(400L, client.call("/${route}").get("code"));

        assertEquals(Map.of("code", 200L, "greeting", "Hello, Bob"), client.call("/${route}", Map.of("name", "Bob")));
    }

    @Test
    void withoutTheTokenTheAnswerIs401(TurnstileTestClient client) throws IOException {
        assertEquals(401L, client.call("/${route}", Map.of("name", "Ada", "token", "not-the-token")).get("code"));
    }
}
