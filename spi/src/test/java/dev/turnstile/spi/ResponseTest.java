package dev.turnstile.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResponseTest {

    @Test
    void okIsA200WithAnEmptyBody() {
        assertEquals(200, Response.ok().code());
        assertEquals(Map.of(), Response.ok().body());
        assertSame(Response.ok(), Response.ok());
    }

    @Test
    void okWithOneMemberKeepsANullValue() {
        Response response = Response.ok("value", null);
        assertEquals(200, response.code());
        assertTrue(response.body().containsKey("value"));
        assertNull(response.body().get("value"));
    }

    @Test
    void theBodyIsUsedAsItIsInItsOrder() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("z", 1L);
        body.put("a", List.of());
        Response response = Response.ok(body);
        assertSame(body, response.body());
        assertEquals(List.of("z", "a"), List.copyOf(response.body().keySet()));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 200, 204, 401, 599})
    void codesFrom100To599AreAccepted(int code) {
        assertEquals(code, Response.of(code, Map.of()).code());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 600, 1000})
    void codesOutside100To599AreRefused(int code) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Response.of(code, Map.of()));
        assertTrue(e.getMessage().contains(Integer.toString(code)), e.getMessage());
    }

    @Test
    void codeAndIdInTheBodyAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Response.ok(Map.of("code", 201L)));
        assertThrows(IllegalArgumentException.class, () -> Response.ok("id", 7L));
        assertThrows(IllegalArgumentException.class, () -> Response.of(400, Map.of("error", "x", "id", "y")));
    }

    @Test
    void responsesWithTheSameCodeAndBodyAreEqual() {
        Response a = Response.ok("pong", true);
        Response b = Response.ok(Map.of("pong", true));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Response.of(201, Map.of("pong", true)));
        assertNotEquals(a, Response.ok("pong", false));
        assertNotEquals(a, Map.of("pong", true));
    }

    @Test
    void toStringShowsTheCodeFirst() {
        assertEquals("{code=404, error=no}", Response.of(404, Map.of("error", "no")).toString());
    }

    @Test
    void aLaterAnswerCarriesItsStageAndNoCode() {
        CompletableFuture<Response> answer = new CompletableFuture<>();
        Response later = Response.later(answer);

        assertTrue(later.isLater());
        assertSame(answer, later.later());
        assertEquals(0, later.code());
        assertEquals("Response[later]", later.toString());
        assertNull(Response.ok().later());
        assertThrows(NullPointerException.class, () -> Response.later(null));
    }

    @Test
    void laterAnswersAreEqualOnlyForTheSameStage() {
        CompletableFuture<Response> answer = new CompletableFuture<>();

        assertEquals(Response.later(answer), Response.later(answer));
        assertNotEquals(Response.later(answer), Response.later(new CompletableFuture<>()));
        assertNotEquals(Response.later(answer), Response.ok());
    }

    @Test
    void anAttachmentIsAddedToACopyAndShownBySize() {
        Response line = Response.ok("path", "/a");
        Attachment bytes = Attachment.of(ByteBuffer.wrap(new byte[] {1, 2, 3}));

        Response with = line.withAttachment(bytes);

        assertNull(line.attachment());
        assertSame(bytes, with.attachment());
        assertEquals(3, with.attachment().size());
        assertEquals("{code=200, path=/a, attachment=3}", with.toString());
        assertThrows(IllegalStateException.class,
                () -> Response.later(new CompletableFuture<>()).withAttachment(bytes));
    }

    @Test
    void attachmentIsAMemberOnlyTheServerSets() {
        assertThrows(IllegalArgumentException.class, () -> Response.ok("attachment", 3L));
    }
}
