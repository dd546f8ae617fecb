package dev.turnstile.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection to a Turnstile server.
 *
 * <pre>{@code
 * try (TurnstileClient client = TurnstileClient.connect(ClientOptions.defaults())) {
 *     client.login();
 *     Map<String, Object> answer = client.call("/echo", Map.of("data", "hi"));
 *     System.out.println(answer.get("data"));
 * }
 * }</pre>
 *
 * <p><b>Calls.</b> {@link #call} sends one request and waits for its answer. {@link #callAsync}
 * and {@link #submit} pipeline: they send at once and return a future, so many requests travel
 * before the first answer comes back, which is much faster than one round trip each. At most
 * {@link ClientOptions#maxInFlight()} requests await their answer; a further call blocks until
 * one arrives. After {@link #login} every request carries the token unless it has its own.
 *
 * <p><b>Attachments</b> (SPEC §2). A request may carry raw bytes after its line: an {@link Attachment}
 * from a buffer, an array or a region of a file, written right after the line (a file region by the
 * kernel where the connection allows it). An answer's attachment is handed as it arrives to an
 * {@link AttachmentSink}, piece by piece, never collected whole: {@link AnswerReader#attachment} for
 * {@link #callAsync(String, Map, Attachment, AnswerReader)}, or the sink of
 * {@link #submit(Map, Attachment, AttachmentSink)}; without a sink the bytes are skipped, and the
 * answer's {@code "attachment"} member says how many there were. The reader thread holds one buffer
 * of a fixed size for them.
 *
 * <p><b>Errors.</b> A non-200 answer is a {@link TurnstileException} with its code and error
 * sentence; not reaching the server, or losing the connection, is an {@link IOException}. A 400,
 * 401 or 500 leaves the connection usable; a 408, 413 or 503 is the server's last line before it
 * closes, and every later call fails.
 *
 * <p><b>Threads.</b> Every method may be called from any thread. Answers complete in the order the
 * requests were sent, on the client's reader thread: callbacks attached to the futures without an
 * executor run there, and must not block, or they hold up every later answer.
 */
public final class TurnstileClient implements AutoCloseable {

    private final ClientOptions options;
    private final Connection connection;
    private final AnswerQueue answers;
    private final ReentrantLock writeLock;
    private final Thread reader;
    private volatile String token;
    private volatile boolean closing;

    private TurnstileClient(ClientOptions options, Connection connection, ReentrantLock writeLock) {
        this.options = options;
        this.connection = connection;
        this.writeLock = writeLock;
        this.answers = new AnswerQueue(options.maxInFlight());
        this.reader = new Thread(this::read, "turnstile-client " + options.host() + ":" + options.port());
        reader.setDaemon(true);
    }

    /**
     * Opens the connection (and completes the TLS handshake, if configured). Does not log in.
     *
     * @param options where to connect and how
     * @return the connected client
     * @throws IOException when the server cannot be reached; an {@link UntrustedCertificateException}
     *     when its certificate is not trusted, a {@link ProtocolMismatchException} when it answers a
     *     TLS handshake in plain text (a plain connection to a TLS server is found at the first answer)
     */
    public static TurnstileClient connect(ClientOptions options) throws IOException {
        ReentrantLock writeLock = new ReentrantLock();
        Connection connection = Transport.open(options, writeLock);
        try {
            TurnstileClient client = new TurnstileClient(options, connection, writeLock);
            client.reader.start();
            return client;
        } catch (RuntimeException | Error e) {
            connection.close(true);
            throw e;
        }
    }

    /**
     * Logs in as {@link ClientOptions#hostname()} (this machine's name if unset), with
     * {@link ClientOptions#secret()} or else the {@value ClientOptions#SECRET_VARIABLE}
     * environment variable as the secret; no secret is sent when neither is set.
     *
     * @return the token, which later requests carry from now on
     * @throws TurnstileException when the server refuses (401) or is busy (503)
     * @throws IOException when the connection fails
     */
    public String login() throws IOException, TurnstileException {
        String hostname = options.hostname() != null ? options.hostname() : LocalHostName.get();
        String secret = options.secret() != null ? options.secret() : System.getenv(ClientOptions.SECRET_VARIABLE);
        return login(hostname, secret);
    }

    /**
     * Logs in with {@code /login}.
     *
     * @param hostname the name to log in as: non-empty, at most 255 characters
     * @param secret the server's login secret, or {@code null} to send none
     * @return the token, which later requests carry from now on
     * @throws TurnstileException when the server refuses (401) or is busy (503)
     * @throws IOException when the connection fails
     */
    public String login(String hostname, String secret) throws IOException, TurnstileException {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", "/login");
        request.put("hostname", hostname);
        if (secret != null) {
            request.put("secret", secret);
        }
        Reply reply = await(send(request, false, null, AnswerQueue.reply()));
        if (!reply.isOk()) {
            throw new TurnstileException(reply);
        }
        Object granted = reply.body().get("token");
        if (!(granted instanceof String)) {
            throw new IOException("the server's /login answer has no token: " + reply.line());
        }
        token = (String) granted;
        return token;
    }

    /**
     * Calls a url and waits for the answer.
     *
     * @param url the url, for example {@code "/echo"}
     * @param params the other members of the request; may be empty
     * @return every member of the 200 answer, {@code code} included
     * @throws TurnstileException when the answer is not 200
     * @throws IOException when the connection fails
     */
    public Map<String, Object> call(String url, Map<String, ?> params) throws IOException, TurnstileException {
        Reply reply = await(submit(request(url, params)));
        if (!reply.isOk()) {
            throw new TurnstileException(reply);
        }
        return reply.body();
    }

    /**
     * Sends a request without waiting for its answer.
     *
     * @param url the url
     * @param params the other members of the request
     * @return the members of the 200 answer; completes exceptionally with a
     *     {@link TurnstileException} for any other code, or an {@link IOException}
     * @throws IOException when the request cannot be sent
     */
    public CompletableFuture<Map<String, Object>> callAsync(String url, Map<String, ?> params) throws IOException {
        return submit(request(url, params)).thenCompose(reply -> reply.isOk()
                ? CompletableFuture.completedFuture(reply.body())
                : CompletableFuture.failedFuture(new TurnstileException(reply)));
    }

    /**
     * Sends a request without waiting for its answer, and has {@code reader} turn the 200 answer
     * into a value, possibly straight from the answer line's bytes: for answers that carry much
     * data, this spares the general parse.
     *
     * @param url the url
     * @param params the other members of the request
     * @param reader reads the 200 answer, on the reader thread
     * @param <T> what the answer becomes
     * @return the value; completes exceptionally with a {@link TurnstileException} for another code,
     *     an {@link IOException} from the reader, or the {@link IOException} that ended the connection
     * @throws IOException when the request cannot be sent
     */
    public <T> CompletableFuture<T> callAsync(String url, Map<String, ?> params, AnswerReader<T> reader)
            throws IOException {
        return callAsync(url, params, null, reader);
    }

    /**
     * As {@link #callAsync(String, Map, AnswerReader)}, with raw bytes after the request's line.
     *
     * @param attachment the bytes the request carries, or {@code null} for none; written before
     *     this method returns
     * @param reader reads the 200 answer, and says where its attachment goes
     *     ({@link AnswerReader#attachment}), on the reader thread
     * @param <T> what the answer becomes
     * @return the value, once the answer's attachment (if any) has been handed over; fails as
     *     {@link #callAsync(String, Map, AnswerReader)} does, or with the {@link IOException} of
     *     the reader's sink
     * @throws IOException when the request cannot be sent
     */
    public <T> CompletableFuture<T> callAsync(String url, Map<String, ?> params, Attachment attachment,
            AnswerReader<T> reader) throws IOException {
        return send(request(url, params), true, attachment, AnswerQueue.read(Objects.requireNonNull(reader, "reader")));
    }

    /**
     * Sends a whole request as given (plus the token) without waiting, and hands back the answer
     * whatever its code: the lowest level, for tools that forward requests and answers.
     *
     * @param request the request's members; {@code url} is required
     * @return the answer, any code; completes exceptionally only with an {@link IOException}, or a
     *     {@link TurnstileException} when the server had closed the connection with a last answer
     * @throws IOException when the request cannot be sent
     */
    public CompletableFuture<Reply> submit(Map<String, ?> request) throws IOException {
        return send(request, true, null, AnswerQueue.reply());
    }

    /**
     * As {@link #submit(Map)}, with raw bytes after the request's line; the answer's own
     * attachment, if it has one, is skipped (its {@code "attachment"} member says how long it was).
     *
     * @param attachment the bytes the request carries, or {@code null} for none; written before
     *     this method returns
     * @throws IOException when the request cannot be sent
     */
    public CompletableFuture<Reply> submit(Map<String, ?> request, Attachment attachment) throws IOException {
        return send(request, true, attachment, AnswerQueue.reply());
    }

    /**
     * As {@link #submit(Map, Attachment)}, and the answer's attachment, whatever the answer's code,
     * is handed to {@code answerBytes} as it arrives, on the reader thread.
     *
     * @param attachment the bytes the request carries, or {@code null} for none
     * @param answerBytes takes the answer's attachment; the future completes after its last piece
     * @throws IOException when the request cannot be sent
     */
    public CompletableFuture<Reply> submit(Map<String, ?> request, Attachment attachment, AttachmentSink answerBytes)
            throws IOException {
        return send(request, true, attachment, AnswerQueue.reply(Objects.requireNonNull(answerBytes, "answerBytes")));
    }

    /** @return the token of the last successful login, or {@code null} before one */
    public String token() {
        return token;
    }

    /** @return the options this client was connected with */
    public ClientOptions options() {
        return options;
    }

    /** @return whether the connection is still usable */
    public boolean isOpen() {
        return !answers.isEnded();
    }

    /** Closes the connection. Requests still awaiting an answer fail with an {@link IOException}. */
    @Override
    public void close() {
        closing = true;
        connection.close(!answers.isIdle());
        answers.end(new IOException("the client was closed"));
    }

    private <T> CompletableFuture<T> send(Map<String, ?> request, boolean withToken, Attachment attachment,
            AnswerQueue.Awaited<T> awaited) throws IOException {
        if (!(request.get("url") instanceof String)) {
            throw new IllegalArgumentException("a request needs a string \"url\"");
        }
        if (attachment == null && request.containsKey("attachment")) {
            // Without its bytes the server would take the next requests for them.
            throw new IllegalArgumentException("a request's \"attachment\" member is the length of the Attachment"
                    + " sent with it: pass the bytes as an Attachment, and the client adds the member");
        }
        byte[] line = (JsonMaps.write(framed(request, withToken, attachment)) + "\n").getBytes(StandardCharsets.UTF_8);
        answers.reserve();
        writeLock.lock();
        try {
            // Enqueued and written under one lock, so that queue order is wire order.
            CompletableFuture<T> answer = answers.enqueue(awaited);
            if (answer.isDone()) {
                return answer;
            }
            try {
                connection.write(ByteBuffer.wrap(line));
                if (attachment != null) {
                    attachment.writeTo(connection);
                }
            } catch (IOException e) {
                if (closing) {
                    answers.end(new IOException("the client was closed"));
                } else {
                    // Part of a request may have gone out: nothing more can be framed after it.
                    connection.shutdownOutput();
                }
                // The reader ends the queue: it meets the same broken connection, but only after
                // the answers that did arrive, such as a 503 sent before closing.
            }
            return answer;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * @return the request with the token (unless it has its own) after its url, and the
     *     attachment's length as its last member
     */
    private Map<String, ?> framed(Map<String, ?> request, boolean withToken, Attachment attachment) {
        String current = withToken ? token : null;
        boolean addToken = current != null && !request.containsKey("token");
        if (!addToken && attachment == null) {
            return request;
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        copy.put("url", request.get("url"));
        if (addToken) {
            copy.put("token", current);
        }
        copy.putAll(request);
        if (attachment != null) {
            copy.remove("attachment");
            copy.put("attachment", attachment.length());
        }
        return copy;
    }

    private static Map<String, Object> request(String url, Map<String, ?> params) {
        if (params.containsKey("url")) {
            throw new IllegalArgumentException("pass the url as the first argument, not as a parameter");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("url", url);
        request.putAll(params);
        return request;
    }

    private static Reply await(CompletableFuture<Reply> answer) throws IOException, TurnstileException {
        try {
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the answer");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Fresh exceptions, so that the stack trace shows this caller too.
            if (cause instanceof TurnstileException) {
                throw new TurnstileException(((TurnstileException) cause).reply());
            }
            if (cause instanceof ProtocolMismatchException mismatch) {
                throw new ProtocolMismatchException(mismatch.server(), mismatch.serverSpeaksTls(), mismatch.getMessage(),
                        mismatch);
            }
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private boolean speaksTls() {
        return connection.answeredInTls();
    }

    private ProtocolMismatchException tlsAnswer(IOException cause) {
        String server = Transport.server(options);
        return new ProtocolMismatchException(server, true,
                server + " answered in TLS: it speaks TLS, and this connection is plain TCP", cause);
    }

    private void read() {
        // One direct buffer, read into in large blocks and scanned for newlines; attachments go
        // from it to their sinks: see AnswerFramer.
        AnswerFramer framer = new AnswerFramer(Math.max(AnswerFramer.BUFFER_BYTES, 4 * connection.minimumRoom()));
        try {
            framer.pump(connection::read, answers::answer);
            answers.endAll(speaksTls() ? tlsAnswer(null) : new EOFException("the server closed the connection"));
        } catch (IOException e) {
            answers.endAll(closing ? new IOException("the client was closed") : speaksTls() ? tlsAnswer(e) : e);
        } catch (RuntimeException | Error e) {
            answers.endAll(new IOException("the client's reader failed: " + e, e));
            throw e;
        } finally {
            // The queue has already ended; nothing waits on this connection any more.
            connection.close(false);
        }
    }
}
