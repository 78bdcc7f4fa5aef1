package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.instrument.BlockedRequests;
import java.io.IOException;
import java.net.URL;

/**
 * The JDK's HTTP/1.1 client ({@code sun.net.www.http.HttpClient}), on which every
 * {@code HttpURLConnection} writes its request, as a last line: armed only while the agent could
 * not weave {@code sun.net.www.protocol.http.HttpURLConnection} itself. Then no provider request
 * of that client can have been protected, so each one is held to fail-mode as it is written
 * (closed: not sent, the app gets the one-line IOException; open: sent, with the warning; observe:
 * logged as not scanned). Disarmed, it costs one volatile read per request; it never touches a
 * request to another host, nor one the agent leaves untouched anyway (signed over its body).
 */
public final class UnwovenConnectionGuard {

  /** The class whose weaving failure arms the guard. */
  public static final String GUARDED_CLASS = "sun.net.www.protocol.http.HttpURLConnection";

  private final Engine engine;
  private volatile boolean armed;

  public UnwovenConnectionGuard(Engine engine) {
    this.engine = engine;
  }

  /** Armed while {@link #GUARDED_CLASS} is not woven. */
  public void armed(boolean notWoven) {
    armed = notWoven;
  }

  /**
   * On entry to {@code HttpClient.writeRequests(headers, body)}: the exception to fail the write
   * with, before a byte of it is sent, or {@code null} to let it go on.
   */
  public IOException writing(URL url, Object headers) {
    if (!armed || url == null) {
      return null;
    }
    String host = url.getHost();
    if (!engine.isProviderHost(host, url.getPort()) || engine.leavesUntouched(host, AuthorizationHeader.inHeaders(headers))) {
      return null;
    }
    try {
      engine.cannotProtect(host, "HttpURLConnection could not be instrumented, so its body was not scanned");
      return null;
    } catch (RequestBlockedException e) {
      return BlockedRequests.forApp(e);
    }
  }
}
