package dev.turnstile.client.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.turnstile.client.JsonMaps;
import dev.turnstile.client.Reply;
import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RemoteFoldersTest {

    private static TurnstileException answer(int code, String error) {
        String line = "{\"code\":" + code + ",\"error\":\"" + error + "\"}";
        return new TurnstileException(new Reply(code, JsonMaps.parseObject(line), line));
    }

    @Test
    void answersBecomeTheTypedErrorsTheSyncActsOn() {
        IOException readOnly = RemoteFolders.typed(new CompletionException(answer(403, "the shared folder is read-only")));
        assertInstanceOf(ReadOnlyFolderException.class, readOnly);
        assertEquals("the shared folder is read-only", readOnly.getMessage());
        assertInstanceOf(RemoteFileMissingException.class, RemoteFolders.typed(answer(404, "no file /a")));
        assertInstanceOf(RemoteFileChangedException.class, RemoteFolders.typed(answer(409, "/a changed")));
        IOException other = RemoteFolders.typed(answer(400, "bad path"));
        assertEquals(IOException.class, other.getClass());
        assertEquals("400: bad path", other.getMessage());
    }

    @Test
    void aBrokenConnectionStaysTheSameException() {
        IOException dropped = new IOException("the server closed the connection");
        assertSame(dropped, RemoteFolders.typed(new CompletionException(dropped)));
    }
}
