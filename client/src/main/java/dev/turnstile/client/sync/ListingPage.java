package dev.turnstile.client.sync;

import java.util.List;
import java.util.Map;

/**
 * One page of a shared folder's listing.
 *
 * @param entries the files of this page
 * @param next what to pass to {@link RemoteFolder#list(String)} for the next page, or
 *     {@code null} when this is the last one
 * @param changing the paths of files the server has but lists without a hash because they are
 *     still being written ({@code "changing":true}): a sync names them, and never takes them for
 *     gone
 * @param folders the folders of this page, empty ones included, where the server lists folders
 *     ({@code "folders":true}); empty from one that does not
 * @param skipped the names the server has but cannot share (not UTF-8, a backslash, …), each with
 *     why, as the server gives them on the first page ({@code "skipped":true}); a sync names them.
 *     {@code null} where the page does not say (a later page, a server that lists no folders): a
 *     first page that says, even with none, is from a server that lists its folders
 */
public record ListingPage(List<FileEntry> entries, String next, List<String> changing, List<String> folders,
        Map<String, String> skipped) {

    /** Copies the lists. */
    public ListingPage {
        entries = List.copyOf(entries);
        changing = List.copyOf(changing);
        folders = List.copyOf(folders);
        skipped = skipped == null ? null : Map.copyOf(skipped);
    }

    /** A page without folders or skipped names. */
    public ListingPage(List<FileEntry> entries, String next, List<String> changing) {
        this(entries, next, changing, List.of(), null);
    }

    /** A page without files being written. */
    public ListingPage(List<FileEntry> entries, String next) {
        this(entries, next, List.of());
    }
}
