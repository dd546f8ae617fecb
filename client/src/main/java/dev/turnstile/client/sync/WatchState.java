package dev.turnstile.client.sync;

/** What a {@link WatchLoop} is doing, as {@link WatchListener#state} reports it. */
public enum WatchState {
    /** Connecting and logging in (the first time). */
    CONNECTING,
    /** Connected; a pull, a push or both are running. */
    SYNCING,
    /** Connected and up to date; waiting for a change on either side. */
    WATCHING,
    /** The server could not be reached, was busy, or the connection broke: waiting to try again. */
    RECONNECTING,
    /** Stopped: {@link WatchLoop#run} is about to return. */
    STOPPED
}
