package dev.turnstile.server;

/** What the server does with a connection that arrives while a client is connected. */
public enum BusyPolicy {
    /** Accept it, send one 503 line and close it; the connected client is not disturbed. */
    REJECT,
    /** Stop accepting while busy: later connections wait in the kernel's backlog, in order. */
    QUEUE
}
