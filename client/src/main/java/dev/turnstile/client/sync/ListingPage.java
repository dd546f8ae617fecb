package dev.turnstile.client.sync;

import java.util.List;

/**
 * One page of a shared folder's listing.
 *
 * @param entries the files of this page
 * @param next what to pass to {@link RemoteFolder#list(String)} for the next page, or
 *     {@code null} when this is the last one
 * @param changing the paths of files the server has but lists without a hash because they are
 *     still being written ({@code "changing":true}): a sync names them, and never takes them for
 *     gone
 */
public record ListingPage(List<FileEntry> entries, String next, List<String> changing) {

    /** Copies the lists. */
    public ListingPage {
        entries = List.copyOf(entries);
        changing = List.copyOf(changing);
    }

    /** A page without files being written. */
    public ListingPage(List<FileEntry> entries, String next) {
        this(entries, next, List.of());
    }
}
