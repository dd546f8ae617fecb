package dev.turnstile.client.sync;

/**
 * The server refused a commit because the bytes it received are not the file the upload announced
 * (another size or SHA-256): the local file changed while it was sent (or could not be read whole).
 * Unlike a conflict on the server's side, sending the file again can succeed.
 */
class UploadMismatchException extends RemoteFileChangedException {

    private static final long serialVersionUID = 1L;

    UploadMismatchException(String message) {
        super(message);
    }
}
