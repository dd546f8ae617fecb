/**
 * Bytes to requests and responses to bytes: the framer that cuts the stream into JSON texts, the
 * codec that turns a text into a plain map with Parsson, and the writer of response lines.
 */
package dev.turnstile.json;
