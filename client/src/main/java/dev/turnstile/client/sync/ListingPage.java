package dev.turnstile.client.sync;

import java.util.List;

/**
 * One page of a shared folder's listing.
 *
 * @param entries the files of this page
 * @param next what to pass to {@link RemoteFolder#list(String)} for the next page, or
 *     {@code null} when this is the last one
 */
public record ListingPage(List<FileEntry> entries, String next) {

    /** Copies the list. */
    public ListingPage {
        entries = List.copyOf(entries);
    }
}
