package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.ClassicExchange;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayTargets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Gateway mode for HttpClient 5. Both the classic and the async client pick the connection's
 * route from the request's scheme and authority (or the target argument, which the advice then
 * swaps for the gateway's), and send the request's path and a {@code Host} from its authority: so
 * a provider request is readdressed in place, before the route is picked, and the app's request
 * object is put back once the client is done with it. TLS and SNI follow the gateway's host.
 */
final class Apache5Routing {

  private Apache5Routing() {}

  /** The URI the app addressed. */
  static URI original(Apache5Api api, Object target, Object request) throws Throwable {
    return GatewayTargets.original(api.scheme(target, request), api.host(target, request), api.port(target, request),
        api.path(request));
  }

  /** The gateway's {@code HttpHost}, for a target argument. */
  static Object gatewayHost(Apache5Api api, GatewayRoute route) throws Throwable {
    URI t = route.target();
    return api.newHost(t.getScheme(), t.getHost(), t.getPort());
  }

  /**
   * Readdresses {@code request} to the gateway and sets the route's headers (replacing any the app
   * set under those names); returns how to put the app's request back.
   *
   * @param sentBody the body as it will be sent, for the signature; null if the agent did not read it
   */
  static AppRequest readdress(Apache5Api api, Object request, GatewayRoute route, byte[] sentBody) throws Throwable {
    AppRequest app = new AppRequest(api, request);
    URI t = route.target();
    api.setScheme(request, t.getScheme());
    api.setAuthority(request, api.newAuthority(t.getHost(), t.getPort()));
    api.setPath(request, GatewayTargets.pathAndQuery(t));
    Map<String, String> headers =
        route.headers(api.method(request), sentBody, GatewayAnswers.lenient(name -> api.header(request, name)));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      app.keepHeader(h.getKey());
      api.setHeader(request, h.getKey(), h.getValue());
    }
    return app;
  }

  /** The app's request as the app built it: its address, and its values of the headers the route set. */
  static final class AppRequest implements ClassicExchange.AppRequest {
    private final Apache5Api api;
    private final Object request;
    private final String scheme;
    private final Object authority;
    private final String path;
    private final List<String[]> headers = new ArrayList<>();

    AppRequest(Apache5Api api, Object request) throws Throwable {
      this.api = api;
      this.request = request;
      this.scheme = api.requestScheme(request);
      this.authority = api.authority(request);
      this.path = api.path(request);
    }

    void keepHeader(String name) throws Throwable {
      headers.add(new String[] {name, api.header(request, name)});
    }

    @Override
    public void putBack() throws Throwable {
      api.setScheme(request, scheme);
      api.setAuthority(request, authority);
      api.setPath(request, path);
      for (String[] h : headers) {
        api.removeHeaders(request, h[0]);
        if (h[1] != null) {
          api.setHeader(request, h[0], h[1]);
        }
      }
    }
  }
}
