/**
 * A Java client for Turnstile servers: {@link dev.turnstile.client.TurnstileClient} connects
 * (plain or TLS), logs in, and calls urls one at a time or pipelined, with raw bytes after a
 * request or an answer where a url takes or gives them ({@link dev.turnstile.client.Attachment},
 * {@link dev.turnstile.client.AttachmentSink}).
 */
package dev.turnstile.client;
