/**
 * What the files plugin and the client's sync both know of a shared folder's files, written once:
 * the path rules of SPEC §8 and the listing order ({@link dev.turnstile.filemodel.SharePath},
 * {@link dev.turnstile.filemodel.PathOrder}), SHA-256 as the protocol writes it
 * ({@link dev.turnstile.filemodel.Sha256}), one look at a file
 * ({@link dev.turnstile.filemodel.FileStat}) and the quick-check hash cache built on it
 * ({@link dev.turnstile.filemodel.HashCache}), and patterns in gitignore syntax
 * ({@link dev.turnstile.filemodel.IgnoreRules}, {@link dev.turnstile.filemodel.IgnorePattern}) for
 * the server's {@code files-exclude} and a client's filters, and the compression of raw chunks
 * ({@link dev.turnstile.filemodel.ChunkCodec}). It depends on the JDK alone.
 */
package dev.turnstile.filemodel;
