package dev.turnstile.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The reference: what a Java developer would write instead of using Turnstile, with Netty 4.2
 * and Parsson. It serves the protocol subset the load client uses: newline framing with
 * {@link LineBasedFrameDecoder} (1 MiB limit), each line read with JSON-P into a
 * {@link JsonObject} (a map), {@code /login} with a random token kept per connection, the token
 * checked in constant time on every other url, {@code /ping} and {@code /echo}, every answer
 * written with a shared {@link JsonGeneratorFactory} ({@code code} first), and one flush per read
 * batch ({@code channelReadComplete}).
 *
 * <p>One event loop thread serves both the listening socket and the client, as Turnstile does;
 * the native epoll transport is used when available ({@code --transport nio} to compare).
 * Prints {@code listening on 127.0.0.1:PORT}.
 */
public final class NettyReferenceServer {

    private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());
    private static final JsonGeneratorFactory WRITERS = Json.createGeneratorFactory(Map.of());
    private static final int MAX_LINE = 1024 * 1024;

    private NettyReferenceServer() {
    }

    /** @param args {@code --port P} (0 picks a free one), {@code --transport epoll|nio} */
    public static void main(String[] args) throws InterruptedException {
        int port = 8888;
        boolean epoll = Epoll.isAvailable();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--transport" -> epoll = args[i + 1].equals("epoll");
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            Channel listener = new ServerBootstrap()
                    .group(group)
                    .channel(type)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline().addLast(new LineBasedFrameDecoder(MAX_LINE), new RequestHandler());
                        }
                    })
                    .bind("127.0.0.1", port).sync().channel();
            System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) listener.localAddress()).getPort()
                    + " (" + (epoll ? "epoll" : "nio") + ")");
            listener.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
    }

    /** One per connection: holds that connection's token. */
    private static final class RequestHandler extends SimpleChannelInboundHandler<ByteBuf> {

        private static final SecureRandom RANDOM = new SecureRandom();

        private byte[] token;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
            ByteBuf out = ctx.alloc().buffer();
            try (JsonGenerator answer = WRITERS.createGenerator(new ByteBufOutputStream(out), StandardCharsets.UTF_8)) {
                answer.writeStartObject();
                JsonObject request;
                try (JsonReader reader = READERS.createReader(new ByteBufInputStream(line), StandardCharsets.UTF_8)) {
                    request = reader.readObject();
                } catch (JsonException e) {
                    request = null;
                }
                respond(request, answer);
                answer.writeEnd();
            }
            out.writeByte('\n');
            ctx.write(out);
        }

        private void respond(JsonObject request, JsonGenerator answer) {
            if (request == null) {
                error(answer, 400, "request is not a JSON object");
                return;
            }
            JsonValue url = request.get("url");
            if (!(url instanceof JsonString path)) {
                error(answer, 400, "\"url\" must be a string");
                return;
            }
            String target = path.getString();
            if (target.equals("/login")) {
                byte[] secret = new byte[32];
                RANDOM.nextBytes(secret);
                token = HexFormat.of().formatHex(secret).getBytes(StandardCharsets.US_ASCII);
                answer.write("code", 200).write("token", new String(token, StandardCharsets.US_ASCII));
                return;
            }
            JsonValue given = request.get("token");
            if (token == null || !(given instanceof JsonString text)
                    || !MessageDigest.isEqual(token, text.getString().getBytes(StandardCharsets.US_ASCII))) {
                error(answer, 401, "\"token\" is missing or not valid on this connection");
                return;
            }
            switch (target) {
                case "/ping" -> answer.write("code", 200).write("pong", true);
                case "/echo" -> {
                    JsonValue data = request.get("data");
                    if (data == null) {
                        error(answer, 400, "\"data\" is required");
                    } else {
                        answer.write("code", 200).write("data", data);
                    }
                }
                default -> error(answer, 400, "unknown url");
            }
        }

        private static void error(JsonGenerator answer, int code, String message) {
            answer.write("code", code).write("error", message);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
