package io.takumo.aegis.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A TCP forwarder on loopback in front of a stand-in gateway that "goes down" mid-session: it
 * forwards everything until it has seen the first routed provider request (not a {@code _takumo/}
 * protocol request, or the start of an HTTP/2 connection) go through, then stops listening, so
 * every later connection is refused. The gateway answers routed requests with {@code Connection:
 * close}, so no client reuses an HTTP/1.1 connection opened before (HTTP/2 callers use a new
 * client per request): the next request's connection attempt is what fails.
 */
final class DroppingGatewayProxy implements AutoCloseable {

  /** An HTTP/1.1 request line, or the preface of an HTTP/2 connection (the handshake is never HTTP/2). */
  private static final Pattern ROUTED = Pattern.compile("(?m)^[A-Z]+ /v1/(?!_takumo/)|^PRI \\* HTTP/2\\.0");

  private final ServerSocket listener;
  private final int target;

  DroppingGatewayProxy(int targetPort) throws IOException {
    this.target = targetPort;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "dropping-gateway-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The gateway URL through this proxy. */
  String base() {
    return "http://127.0.0.1:" + listener.getLocalPort() + "/v1";
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean requests) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) > 0) {
          if (requests && ROUTED.matcher(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).find()) {
            listener.close();
          }
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // The other side closed.
      } finally {
        try {
          to.shutdownOutput();
        } catch (IOException e) {
          // Closed already.
        }
      }
    }, "dropping-gateway-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
