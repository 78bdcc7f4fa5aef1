package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.ClassicExchange;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayTargets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway mode for HttpClient 4 classic. The client picks the connection's route from the target
 * argument (which the advice swaps for the gateway's) and sends the request URI's path with a
 * {@code Host} from that URI: so a provider request is readdressed in place before
 * {@code doExecute} runs, and the app's request object is put back on exit. TLS and SNI follow the
 * gateway's host.
 */
final class Apache4Routing {

  private Apache4Routing() {}

  /** The URI the app addressed: the target's scheme and authority, the request URI's path and query. */
  static URI original(Apache4Api api, Object target, Object request) throws Throwable {
    URI uri = api.uri(request);
    if (target == null) {
      return uri;
    }
    String pathAndQuery = uri.getRawPath() == null ? "/" : uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    return GatewayTargets.original(api.scheme(target), api.host(target, null), api.port(target, null), pathAndQuery);
  }

  /** The gateway's {@code HttpHost}, for the target argument. */
  static Object gatewayHost(Apache4Api api, GatewayRoute route) throws Throwable {
    URI t = route.target();
    return api.newHost(t.getHost(), t.getPort(), t.getScheme());
  }

  /**
   * Readdresses {@code request} (an {@code HttpRequestBase}) to the gateway and sets the route's
   * headers (replacing any the app set under those names); returns how to put it back.
   *
   * @param sentBody the body as it will be sent, for the signature; null if the agent did not read it
   */
  static AppRequest readdress(Apache4Api api, Object request, GatewayRoute route, byte[] sentBody) throws Throwable {
    AppRequest app = new AppRequest(api, request);
    api.setUri(request, route.target());
    Map<String, String> headers =
        route.headers(api.method(request), sentBody, GatewayAnswers.lenient(name -> api.header(request, name)));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      app.keepHeader(h.getKey());
      api.setHeader(request, h.getKey(), h.getValue());
    }
    return app;
  }

  /** The app's request as the app built it: its URI, and its values of the headers the route set. */
  static final class AppRequest implements ClassicExchange.AppRequest {
    private final Apache4Api api;
    private final Object request;
    private final URI uri;
    private final List<String[]> headers = new ArrayList<>();

    AppRequest(Apache4Api api, Object request) throws Throwable {
      this.api = api;
      this.request = request;
      this.uri = api.uri(request);
    }

    void keepHeader(String name) throws Throwable {
      headers.add(new String[] {name, api.header(request, name)});
    }

    @Override
    public void putBack() throws Throwable {
      api.setUri(request, uri);
      for (String[] h : headers) {
        api.removeHeaders(request, h[0]);
        if (h[1] != null) {
          api.setHeader(request, h[0], h[1]);
        }
      }
    }
  }
}
