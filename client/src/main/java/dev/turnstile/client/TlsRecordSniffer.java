package dev.turnstile.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps the first two bytes a plain connection receives, to tell a server that answers in TLS
 * (a record: content type 20 to 24, then major version 3) from one that answers in JSON (which
 * starts with {@code {}). Costs nothing after those two bytes.
 */
final class TlsRecordSniffer extends FilterInputStream {

    private static final int FIRST_CONTENT_TYPE = 20;
    private static final int LAST_CONTENT_TYPE = 24;
    private static final int TLS_MAJOR_VERSION = 3;

    private final int[] first = {-1, -1};
    private int seen;

    TlsRecordSniffer(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            keep(b);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = super.read(buffer, offset, length);
        for (int i = 0; i < count && seen < first.length; i++) {
            keep(buffer[offset + i] & 0xff);
        }
        return count;
    }

    private void keep(int b) {
        if (seen < first.length) {
            first[seen++] = b;
        }
    }

    /** @return whether what came first is the header of a TLS record */
    boolean looksLikeTls() {
        return first[0] >= FIRST_CONTENT_TYPE && first[0] <= LAST_CONTENT_TYPE && first[1] == TLS_MAJOR_VERSION;
    }
}
