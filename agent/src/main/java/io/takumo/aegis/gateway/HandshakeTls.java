package io.takumo.aegis.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The handshake's own TLS: an {@code SSLContext} on the JDK's trust store (cacerts, or the one
 * {@code javax.net.ssl.trustStore} names), never {@code SSLContext.getDefault()} nor
 * {@code HttpsURLConnection}'s default socket factory and hostname verifier, which the app may
 * have replaced (a trust-all context is a common test shortcut). Every socket checks the
 * certificate against the gateway's host name during the TLS handshake (endpoint identification
 * {@code HTTPS}); the JDK asks a hostname verifier only when that check fails, and this one says no.
 */
final class HandshakeTls {

  private static volatile SSLSocketFactory factory;

  private HandshakeTls() {}

  static void apply(HttpsURLConnection c) throws IOException {
    c.setSSLSocketFactory(factory());
    c.setHostnameVerifier((host, session) -> false);
  }

  static SSLSocketFactory factory() throws IOException {
    SSLSocketFactory f = factory;
    if (f == null) {
      try {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init((KeyStore) null);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        f = new HostCheckingFactory(context.getSocketFactory());
      } catch (GeneralSecurityException e) {
        throw new IOException("cannot set up TLS for the gateway (" + e.getClass().getSimpleName() + ")", e);
      }
      factory = f;
    }
    return f;
  }

  /** Sets endpoint identification {@code HTTPS} on every socket it makes. */
  private static final class HostCheckingFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;

    HostCheckingFactory(SSLSocketFactory delegate) {
      this.delegate = delegate;
    }

    private static Socket checked(Socket s) {
      if (s instanceof SSLSocket) {
        SSLSocket ssl = (SSLSocket) s;
        SSLParameters p = ssl.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(p);
      }
      return s;
    }

    @Override
    public String[] getDefaultCipherSuites() {
      return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return checked(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
      return checked(delegate.createSocket(s, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return checked(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return checked(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
      return checked(delegate.createSocket(address, port, localAddress, localPort));
    }
  }
}
