/**
 * The files plugin ({@link dev.turnstile.files.FilesPlugin}): one folder shared with the client
 * ({@code files-root}), read-only unless {@code files-writable=true}. Every path is resolved under
 * the root one name at a time without following links, and every open is bounded; all work that
 * touches the folder runs on the plugin's lanes (walks, short jobs, large reads), never on the server
 * thread, and its handler answers {@code Response.later} on the job. See
 * {@code docs/files.md}.
 */
package dev.turnstile.files;
