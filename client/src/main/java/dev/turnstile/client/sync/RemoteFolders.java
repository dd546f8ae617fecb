package dev.turnstile.client.sync;

import dev.turnstile.client.TurnstileClient;
import dev.turnstile.client.TurnstileException;
import java.io.IOException;
import java.util.concurrent.CompletionException;

/** Puts a {@link RemoteFolder} on a Turnstile connection, and turns answers into its typed errors. */
public final class RemoteFolders {

    private RemoteFolders() {
    }

    /**
     * The shared folder of the server at the other end of a logged-in connection, through the
     * files plugin's urls ({@code /list_files}, {@code /get_file_data}, {@code /upload_*},
     * {@code /delete_file}; see {@code docs/files.md}). Every call is pipelined on the connection.
     *
     * @param client a logged-in connection; the folder closes it when closed
     * @return the folder
     */
    public static RemoteFolder over(TurnstileClient client) {
        return new ServerFolder(java.util.Objects.requireNonNull(client, "client"));
    }

    /**
     * As {@link #over(TurnstileClient)}, with raw chunks compressed both ways when {@code compress}
     * ({@code --compress}): asked for compressed from the server, and sent compressed where the
     * server takes them and they shrink by an eighth (docs/files.md, "Compressed chunks").
     *
     * @param client a logged-in connection; the folder closes it when closed
     * @param compress whether to compress raw chunks
     * @return the folder
     */
    public static RemoteFolder over(TurnstileClient client, boolean compress) {
        return new ServerFolder(java.util.Objects.requireNonNull(client, "client"), ServerFolder.RAW_READ_CHUNK,
                ServerFolder.RAW_UPLOAD_CHUNK, compress);
    }

    /**
     * Turns the failure of a call into the exception {@link RemoteFolder} promises: 403 becomes
     * {@link ReadOnlyFolderException}, 404 {@link RemoteFileMissingException}, 409
     * {@link RemoteFileChangedException}; another answer, or a broken connection, an
     * {@link IOException} with the server's sentence.
     *
     * @param failure what a future failed with, wrapped or not
     * @return the exception to fail the folder's future with
     */
    public static IOException typed(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TurnstileException) {
            TurnstileException answer = (TurnstileException) cause;
            String sentence = answer.error() != null ? answer.error() : answer.getMessage();
            switch (answer.code()) {
                case 403:
                    return new ReadOnlyFolderException(sentence);
                case 404:
                    return new RemoteFileMissingException(sentence);
                case 409:
                    return new RemoteFileChangedException(sentence);
                default:
                    return new IOException(answer.getMessage(), answer);
            }
        }
        if (cause instanceof IOException) {
            return (IOException) cause;
        }
        return new IOException(String.valueOf(cause.getMessage()), cause);
    }

    /**
     * @param failure what a call failed with, wrapped or not
     * @return whether the server answered that it does not serve the url (an older server)
     */
    static boolean unknownUrl(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TurnstileException answer) {
                return answer.code() == 400 && answer.error() != null && answer.error().startsWith("unknown url");
            }
        }
        return false;
    }
}
