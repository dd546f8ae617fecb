/**
 * The files plugin ({@link dev.turnstile.files.FilesPlugin}): one folder shared with the client
 * ({@code files-root}), read-only unless {@code files-writable=true}. Every path is resolved under
 * the root one name at a time without following links; slow work (hashing, walks, commits) runs on
 * a background thread and its handler answers {@code Response.later} on the job. See
 * {@code docs/files.md}.
 */
package dev.turnstile.files;
