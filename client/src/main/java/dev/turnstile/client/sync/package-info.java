/**
 * Folder sync with a server's shared folder: {@link dev.turnstile.client.sync.Sync} pulls or
 * pushes over a {@link dev.turnstile.client.sync.RemoteFolder}, comparing by size and SHA-256,
 * verified, resumable, and many chunks in flight; {@link dev.turnstile.client.sync.WatchLoop} keeps
 * doing so as either side changes, through the server's change feed and a watcher on the local
 * folder.
 */
package dev.turnstile.client.sync;
