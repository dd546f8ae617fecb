/**
 * Bytes to requests and responses to bytes: the input buffer and the framer that cuts the stream
 * into JSON texts, the codec that turns a text into a plain map with Parsson, and the writer of
 * response lines into the output buffer.
 */
package dev.turnstile.json;
