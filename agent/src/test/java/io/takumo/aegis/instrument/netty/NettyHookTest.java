package io.takumo.aegis.instrument.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.takumo.aegis.instrument.LocalServer;
import io.takumo.aegis.instrument.RouteTickets;
import io.takumo.aegis.instrument.TestEngines;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Netty hook on a real connection: the test adds the agent's handler as the pipeline advice
 * would, right after the HTTP client codec, and looks at what a loopback server receives.
 */
class NettyHookTest {

  private final LocalServer server = new LocalServer();
  private final EventLoopGroup group = new NioEventLoopGroup(1);

  NettyHookTest() throws Exception {}

  @AfterEach
  void stop() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    server.close();
  }

  @Test
  void aRequestWithoutHostHeaderIsProtectedByTheConnectionsPeer() throws Exception {
    TestEngines engines = new TestEngines("provider-hosts", "127.0.0.1:" + server.port());
    FullHttpResponse response = send(engines, request("/v1/chat/completions", null));

    assertEquals(200, response.status().code());
    String received = server.last().text();
    assertFalse(received.contains(TestEngines.SECRET), "the server received the secret");
    assertTrue(received.contains("TKM_"), "the server received a token");
    assertEquals(Integer.toString(server.last().body.length), server.last().contentLength);
    response.release();
  }

  @Test
  void aRequestWithoutHostHeaderInAbsoluteFormIsProtectedByItsAuthority() throws Exception {
    TestEngines engines = new TestEngines("provider-hosts", "api.openai.com");
    // As sent to a forward proxy: the loopback server stands in for the proxy.
    FullHttpResponse response = send(engines, request("http://api.openai.com/v1/chat/completions", null));

    assertEquals(200, response.status().code());
    assertFalse(server.last().text().contains(TestEngines.SECRET), "the server received the secret");
    response.release();
  }

  @Test
  void anotherHostsRequestGoesOutByteForByte() throws Exception {
    TestEngines engines = new TestEngines("provider-hosts", "api.openai.com");
    FullHttpResponse response = send(engines, request("/v1/chat/completions", "example.com"));

    assertEquals(200, response.status().code());
    assertEquals(TestEngines.CHAT_JSON, server.last().text());
    response.release();
  }

  /** A route ticket the process did not issue (or forgot) is removed, and the request goes on, protected. */
  @Test
  void anUnknownRouteTicketIsRemovedAndTheRequestGoesOnProtected() throws Exception {
    TestEngines engines = new TestEngines("provider-hosts", "127.0.0.1:" + server.port());
    FullHttpRequest request = request("/v1/chat/completions", "127.0.0.1:" + server.port());
    request.headers().set(RouteTickets.HEADER, "0123abcd-42");
    FullHttpResponse response = send(engines, request);

    assertEquals(200, response.status().code());
    assertNull(server.last().routeTicket, "the ticket left the process");
    assertFalse(server.last().text().contains(TestEngines.SECRET), "the server received the secret");
    assertTrue(engines.log().contains("lost its route"), engines.log());
    response.release();
  }

  /**
   * A request readdressed to the gateway (not a provider host) whose route was lost is still a
   * provider request: the gateway must not get the secret either.
   */
  @Test
  void aLostRouteTicketToANonProviderHostStillProtectsTheBody() throws Exception {
    TestEngines engines = new TestEngines("provider-hosts", "api.openai.com");
    FullHttpRequest request = request("/v1/chat/completions", "127.0.0.1:" + server.port());
    request.headers().set(RouteTickets.HEADER, "0123abcd-43");
    FullHttpResponse response = send(engines, request);

    assertEquals(200, response.status().code());
    assertNull(server.last().routeTicket, "the ticket left the process");
    assertFalse(server.last().text().contains(TestEngines.SECRET), "the gateway received the secret");
    assertTrue(server.last().text().contains("TKM_"), "the gateway received no token");
    assertTrue(engines.log().contains("lost its route"), engines.log());
    response.release();
  }

  private static FullHttpRequest request(String uri, String host) {
    FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri,
        Unpooled.copiedBuffer(TestEngines.CHAT_JSON, StandardCharsets.UTF_8));
    request.headers().set("Content-Type", "application/json");
    request.headers().set("Content-Length", request.content().readableBytes());
    if (host != null) {
      request.headers().set("Host", host);
    }
    return request;
  }

  private FullHttpResponse send(TestEngines engines, FullHttpRequest request) throws Exception {
    NettyHook hook = new NettyHook(engines.engine());
    CompletableFuture<FullHttpResponse> response = new CompletableFuture<>();
    Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel channel) throws Exception {
            HttpClientCodec codec = new HttpClientCodec();
            channel.pipeline().addLast("codec", codec);
            try {
              hook.handlerAdded(channel.pipeline(), codec);
            } catch (Throwable t) {
              throw new AssertionError(t);
            }
            channel.pipeline().addLast(new HttpObjectAggregator(1 << 20));
            channel.pipeline().addLast(new SimpleChannelInboundHandler<FullHttpResponse>() {
              @Override
              protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
                response.complete(msg.retainedDuplicate());
              }

              @Override
              public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                response.completeExceptionally(cause);
              }
            });
          }
        });
    Channel channel = bootstrap.connect(new InetSocketAddress("127.0.0.1", server.port())).sync().channel();
    try {
      channel.writeAndFlush(request);
      return response.get(10, TimeUnit.SECONDS);
    } finally {
      channel.close();
    }
  }
}
