package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.net.URL;
import java.security.cert.X509Certificate;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The handshake's TLS does not take the JVM-wide defaults an app may have replaced. */
class HandshakeTlsTest {

  @Test
  void anAppsTrustAllDefaultsAreNotTheHandshakes() throws Exception {
    SSLSocketFactory appFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
    javax.net.ssl.HostnameVerifier appVerifier = HttpsURLConnection.getDefaultHostnameVerifier();
    SSLContext appDefault = SSLContext.getDefault();
    try {
      SSLContext trustAll = SSLContext.getInstance("TLS");
      trustAll.init(null, new TrustManager[] {new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      }}, null);
      SSLContext.setDefault(trustAll);
      HttpsURLConnection.setDefaultSSLSocketFactory(trustAll.getSocketFactory());
      HttpsURLConnection.setDefaultHostnameVerifier((host, session) -> true);

      HttpsURLConnection c = (HttpsURLConnection) new URL("https://gateway.takumo.io/v1/_takumo/session").openConnection();
      HandshakeTls.apply(c);
      assertNotSame(trustAll.getSocketFactory(), c.getSSLSocketFactory());
      assertFalse(c.getHostnameVerifier().verify("gateway.takumo.io", null), "the JDK's own check is the only one");
      try (SSLSocket s = (SSLSocket) c.getSSLSocketFactory().createSocket()) {
        assertEquals("HTTPS", s.getSSLParameters().getEndpointIdentificationAlgorithm());
      }
    } finally {
      SSLContext.setDefault(appDefault);
      HttpsURLConnection.setDefaultSSLSocketFactory(appFactory);
      HttpsURLConnection.setDefaultHostnameVerifier(appVerifier);
    }
  }
}
