package io.takumo.aegis.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A TLS front on loopback for a plain-http WireMock stand-in: it terminates TLS with the
 * certificate the app trusts ({@link Certificates}) and forwards the bytes. As a gateway whose TLS
 * fails mid-session ({@code failure} other than {@link Failure#NONE}), once it has seen the first
 * routed provider request (not a {@code _takumo/} protocol request) it fails the TLS handshake of
 * every later connection, and closes the idle ones opened before (the handshake's kept-alive
 * connection), so that the next request needs a new handshake.
 */
final class TlsFront implements AutoCloseable {

  /** How the TLS handshakes fail once the session has been used. */
  enum Failure {
    /** Never: a provider. */
    NONE,
    /** The front presents a certificate the app does not trust. */
    UNTRUSTED_CERTIFICATE,
    /** The front resets the connection after the client's first handshake message. */
    RESET
  }

  private static final Pattern ROUTED = Pattern.compile("(?m)^[A-Z]+ /v1/(?!_takumo/)");

  private final ServerSocket listener;
  private final int target;
  private final Certificates certificates;
  private final Failure failure;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean failing;

  TlsFront(int targetPort, Certificates certificates, Failure failure) throws IOException {
    this.target = targetPort;
    this.certificates = certificates;
    this.failure = failure;
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    daemon(this::accept, "tls-front-accept");
  }

  int port() {
    return listener.getLocalPort();
  }

  /** {@code https://127.0.0.1:port} followed by {@code path}. */
  String url(String path) {
    return "https://127.0.0.1:" + port() + path;
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return;
      }
      open.add(client);
      daemon(() -> serve(client), "tls-front-connection");
    }
  }

  private void serve(Socket client) {
    try {
      if (failing && failure == Failure.RESET) {
        client.getInputStream().read(new byte[512]);
        client.setSoLinger(true, 0);
        client.close();
        return;
      }
      SSLContext context = failing ? certificates.untrusted : certificates.trusted;
      SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(client, null, client.getPort(), true);
      tls.setUseClientMode(false);
      tls.startHandshake();
      Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
      daemon(() -> pump(server, tls, false), "tls-front-responses");
      pump(tls, server, true);
    } catch (IOException e) {
      // The client refused the certificate, or went away.
      close(client);
    }
  }

  private void pump(Socket from, Socket to, boolean requests) {
    byte[] buffer = new byte[16384];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (requests && failure != Failure.NONE && !failing
            && ROUTED.matcher(new String(buffer, 0, n, StandardCharsets.ISO_8859_1)).find()) {
          failing = true;
          closeAllBut(from);
        }
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed.
    } finally {
      close(from);
      close(to);
    }
  }

  /** Closes every client connection but {@code current} (loopback clients differ by their port). */
  private void closeAllBut(Socket current) {
    for (Socket s : List.copyOf(open)) {
      if (s.getPort() != current.getPort()) {
        close(s);
      }
    }
  }

  private void close(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException e) {
      // Closed already.
    }
  }

  private static void daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    listener.close();
    for (Socket s : List.copyOf(open)) {
      close(s);
    }
  }

  /**
   * A certificate for 127.0.0.1 that the app trusts (its trust store is the same file), and one it
   * does not, made by the JDK's keytool, as the test JVM's own.
   */
  static final class Certificates {
    static final String PASSWORD = "changeit";

    final Path trustedStore;
    final SSLContext trusted;
    final SSLContext untrusted;

    Certificates(Path dir) throws Exception {
      trustedStore = dir.resolve("trusted.p12");
      Path untrustedStore = dir.resolve("untrusted.p12");
      Process a = keytool(trustedStore, "CN=Stand-in trusted gateway");
      Process b = keytool(untrustedStore, "CN=Stand-in untrusted gateway");
      for (Process p : List.of(a, b)) {
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
          throw new IllegalStateException("keytool failed: " + output);
        }
      }
      trusted = context(trustedStore);
      untrusted = context(untrustedStore);
    }

    /** The app JVM's arguments that make it trust {@link #trusted} (a key entry's certificate is trusted). */
    List<String> trustArgs() {
      return List.of("-Djavax.net.ssl.trustStore=" + trustedStore, "-Djavax.net.ssl.trustStorePassword=" + PASSWORD,
          "-Djavax.net.ssl.trustStoreType=PKCS12");
    }

    private static Process keytool(Path store, String dname) throws IOException {
      String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
      return new ProcessBuilder(keytool, "-genkeypair", "-alias", "front", "-keyalg", "EC", "-groupname", "secp256r1",
          "-dname", dname, "-ext", "san=ip:127.0.0.1", "-validity", "2", "-keystore", store.toString(),
          "-storetype", "PKCS12", "-storepass", PASSWORD).redirectErrorStream(true).start();
    }

    private static SSLContext context(Path store) throws Exception {
      java.security.KeyStore keys = java.security.KeyStore.getInstance("PKCS12");
      try (InputStream in = java.nio.file.Files.newInputStream(store)) {
        keys.load(in, PASSWORD.toCharArray());
      }
      javax.net.ssl.KeyManagerFactory factory =
          javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keys, PASSWORD.toCharArray());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(factory.getKeyManagers(), null, null);
      return context;
    }
  }
}
