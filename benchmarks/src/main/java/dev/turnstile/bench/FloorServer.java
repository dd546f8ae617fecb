package dev.turnstile.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;

/**
 * The physical limit: a plain NIO server that answers the load client's newline-terminated
 * requests with canned lines and parses no JSON. {@code /login} gets a fixed token, {@code /ping}
 * its fixed answer, and {@code /echo} gets {@code {"code":200,} followed by the request's bytes
 * from {@code "data":} on, which is the same answer at the cost of one copy. It trusts the client
 * to write {@code url} first and {@code data} last, as {@link LoadClient} does.
 *
 * <p>Same loop shape as Turnstile: one thread, one selector, all answers of one read in one
 * write, {@code OP_WRITE} only while bytes remain. Prints {@code listening on 127.0.0.1:PORT}.
 */
public final class FloorServer {

    private static final byte[] LOGIN = ("{\"code\":200,\"token\":\"" + "0".repeat(64) + "\"}\n")
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "{\"code\":200,\"pong\":true}\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ECHO_HEAD = "{\"code\":200,".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\"data\":".getBytes(StandardCharsets.US_ASCII);
    private static final int URL_AT = "{\"url\":\"/".length();

    private byte[] in = new byte[64 * 1024];
    private int inEnd;
    private ByteBuffer inView = ByteBuffer.wrap(in);
    /** Bytes of {@code in} already searched for a newline. */
    private int scanned;
    private byte[] out = new byte[64 * 1024];
    private ByteBuffer outView = ByteBuffer.wrap(out).limit(0);

    private FloorServer() {
    }

    /** @param args {@code --port P} (0 picks a free one) */
    public static void main(String[] args) throws IOException {
        int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8888;
        new FloorServer().serve(port);
    }

    private void serve(int port) throws IOException {
        Selector selector = Selector.open();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", port));
        listener.configureBlocking(false);
        listener.register(selector, SelectionKey.OP_ACCEPT);
        System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) listener.getLocalAddress()).getPort());
        while (true) {
            selector.select();
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                if (key.isAcceptable()) {
                    SocketChannel client = listener.accept();
                    if (client != null) {
                        client.configureBlocking(false);
                        client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                        client.register(selector, SelectionKey.OP_READ);
                        inEnd = 0;
                        scanned = 0;
                        outView.limit(0);
                    }
                } else {
                    try {
                        onReady(key);
                    } catch (IOException e) {
                        key.channel().close();
                    }
                }
            }
        }
    }

    private void onReady(SelectionKey key) throws IOException {
        SocketChannel client = (SocketChannel) key.channel();
        if (key.isReadable()) {
            if (inEnd == in.length) {
                // A request longer than the buffer (a 768 KiB /echo): grow, as any server must.
                in = Arrays.copyOf(in, in.length * 2);
                inView = ByteBuffer.wrap(in);
            }
            inView.limit(in.length).position(inEnd);
            int n = client.read(inView);
            if (n < 0) {
                client.close();
                return;
            }
            inEnd += n;
            answerLines();
        }
        client.write(outView);
        key.interestOps(outView.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    private void answerLines() {
        int outEnd = 0;
        int lineStart = 0;
        for (int p = scanned; p < inEnd; p++) {
            if (in[p] != '\n') {
                continue;
            }
            byte kind = lineStart + URL_AT < p ? in[lineStart + URL_AT] : 0;
            if (kind == 'e') {
                int data = indexOf(in, DATA, lineStart, p);
                int length = ECHO_HEAD.length + p + 1 - data;
                outEnd = ensureOut(outEnd, length);
                System.arraycopy(ECHO_HEAD, 0, out, outEnd, ECHO_HEAD.length);
                System.arraycopy(in, data, out, outEnd + ECHO_HEAD.length, p + 1 - data);
                outEnd += length;
            } else {
                byte[] answer = kind == 'l' ? LOGIN : PONG;
                outEnd = ensureOut(outEnd, answer.length);
                System.arraycopy(answer, 0, out, outEnd, answer.length);
                outEnd += answer.length;
            }
            lineStart = p + 1;
        }
        System.arraycopy(in, lineStart, in, 0, inEnd - lineStart);
        inEnd -= lineStart;
        scanned = inEnd;
        if (outEnd > 0) {
            outView.limit(outEnd).position(0);
        }
    }

    /** Keeps any unsent rest of the last batch at the front, growing the output array when needed. */
    private int ensureOut(int outEnd, int length) {
        if (outEnd == 0 && outView.hasRemaining()) {
            int rest = outView.remaining();
            System.arraycopy(out, outView.position(), out, 0, rest);
            outView.limit(0);
            outEnd = rest;
        }
        if (out.length < outEnd + length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outEnd + length));
            outView = ByteBuffer.wrap(out).limit(0);
        }
        return outEnd;
    }

    private static int indexOf(byte[] a, byte[] what, int from, int to) {
        outer:
        for (int i = from; i + what.length <= to; i++) {
            for (int j = 0; j < what.length; j++) {
                if (a[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("an /echo request without \"data\"");
    }
}
