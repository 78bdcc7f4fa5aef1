package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.GatewayTargets;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Gateway mode for Jetty {@code HttpClient} 12: on entry to {@code send}, before Jetty resolves
 * the destination (connection pool, TLS and SNI) from the request's scheme, host and port, a
 * provider request is readdressed to the gateway; Jetty then writes {@code Host} for the gateway.
 * The route rides along in a request attribute, so that the response is known as a provider's.
 * Bound only in gateway mode, apart from the handles local protection needs.
 */
final class JettyRouting {

  /** The request attribute holding the {@link GatewayRoute} of a routed request. */
  static final String ROUTE = "io.takumo.aegis.jetty.route";
  /** The request attribute holding the URI a routed request had before, the provider's. */
  static final String ORIGINAL = "io.takumo.aegis.jetty.original";

  private final JettyTypes jetty;
  private final MethodHandle scheme;
  private final MethodHandle setScheme;
  private final MethodHandle setHost;
  private final MethodHandle setPort;
  private final MethodHandle path;
  private final MethodHandle query;
  private final MethodHandle setPath;
  private final MethodHandle method;
  private final MethodHandle headerPut;
  private final MethodHandle status;
  private final Class<?> failureListener;
  private final MethodHandle onRequestFailure;

  JettyRouting(JettyTypes jetty, LibraryHandles h) throws ReflectiveOperationException {
    this.jetty = jetty;
    Class<?> request = h.type("org.eclipse.jetty.client.Request");
    scheme = h.virtual(request, "getScheme", String.class);
    setScheme = h.virtual(request, "scheme", request, String.class);
    setHost = h.virtual(request, "host", request, String.class);
    setPort = h.virtual(request, "port", request, int.class);
    path = h.virtual(request, "getPath", String.class);
    query = h.virtual(request, "getQuery", String.class);
    setPath = h.virtual(request, "path", request, String.class);
    method = h.virtual(request, "getMethod", String.class);
    Class<?> mutable = h.type("org.eclipse.jetty.http.HttpFields$Mutable");
    headerPut = h.virtual(mutable, "put", mutable, String.class, String.class);
    status = h.virtual(h.type("org.eclipse.jetty.client.Response"), "getStatus", int.class);
    Class<?> listener = null;
    MethodHandle onFailure = null;
    try {
      listener = h.type("org.eclipse.jetty.client.Request$FailureListener");
      onFailure = h.virtual(request, "onRequestFailure", request, listener);
    } catch (ReflectiveOperationException e) {
      // Routing works without: the failures are not reported then.
    }
    failureListener = listener;
    onRequestFailure = onFailure;
  }

  /**
   * Listens for the routed request's failure: one whose connection to the gateway failed before it
   * was sent is reported (log line, fallback switch), and the app gets Jetty's own exception. A
   * connection that could not be opened at all is dealt with before that, by
   * {@link JettyConnectFailures}, which takes those requests out of Jetty's failure.
   */
  void reportDrops(Engine engine, Object request, GatewayRoute route) throws Throwable {
    if (onRequestFailure == null) {
      return;
    }
    Object listener = Proxy.newProxyInstance(failureListener.getClassLoader(), new Class<?>[] {failureListener},
        (proxy, m, args) -> {
          if (Delegation.isObjectMethod(m)) {
            return Delegation.objectMethod(proxy, m, args, "TakumoAegisGatewayDrops");
          }
          if (m.getName().equals("onFailure") && args != null && args.length == 2 && GatewayDrops.isDrop((Throwable) args[1])) {
            GatewayDrops.report(engine, route.host(), route.sessionId(), (Throwable) args[1]);
          }
          return null;
        });
    Object ignored = (Object) onRequestFailure.invokeExact(request, listener);
  }

  /** The URI the app addressed. */
  URI original(Object request) throws Throwable {
    String q = (String) (Object) query.invokeExact(request);
    String p = (String) (Object) path.invokeExact(request);
    String s = (String) (Object) scheme.invokeExact(request);
    int port = (Integer) (Object) jetty.requestPort.invokeExact(request);
    return GatewayTargets.original(s, (String) (Object) jetty.requestHost.invokeExact(request), port,
        (p == null || p.isEmpty() ? "/" : p) + (q == null ? "" : "?" + q));
  }

  /** Points the request at the gateway and keeps the route, and the URI it had, with it. */
  void readdress(Object request, URI original, GatewayRoute route) throws Throwable {
    address(request, route.target());
    Object same = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) ROUTE, (Object) route);
    same = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) ORIGINAL, (Object) original);
  }

  /**
   * Undoes {@link #readdress} and the route's headers: the request addresses the provider again as
   * the app wrote it, and is no longer known as routed. Its body stays as the agent protected it.
   */
  void unroute(Object request) throws Throwable {
    URI original = (URI) jetty.attributes(request).get(ORIGINAL);
    address(request, original);
    Object same = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) ROUTE, (Object) null);
    same = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) ORIGINAL, (Object) null);
    for (String name : Headers.ROUTED_REQUEST) {
      jetty.removeHeader(jetty.requestEditHeaders, request, name);
    }
  }

  private void address(Object request, URI uri) throws Throwable {
    Object same = (Object) setScheme.invokeExact(request, (Object) uri.getScheme());
    same = (Object) setHost.invokeExact(request, (Object) uri.getHost());
    same = (Object) setPort.invokeExact(request, (Object) GatewayTargets.port(uri));
    same = (Object) setPath.invokeExact(request, (Object) GatewayTargets.pathAndQuery(uri));
  }

  /**
   * Sets the route's headers, replacing any the app set under those names.
   *
   * @param sentBody the body as it will be sent, for the signature; null if the agent did not read it
   */
  void addHeaders(Object request, GatewayRoute route, byte[] sentBody) throws Throwable {
    Map<String, String> headers = new LinkedHashMap<>();
    String type = bodyType(request);
    if (type != null) {
      headers.put("Content-Type", type);
    }
    headers.putAll(route.headers((String) (Object) method.invokeExact(request), sentBody, GatewayAnswers.lenient(
        name -> type != null && name.equalsIgnoreCase("Content-Type")
            ? type : jetty.header((Object) jetty.requestHeaders.invokeExact(request), name))));
    Consumer<Object> put = fields -> {
      try {
        for (Map.Entry<String, String> h : headers.entrySet()) {
          Object same = (Object) headerPut.invokeExact(fields, (Object) h.getKey(), (Object) h.getValue());
        }
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    };
    Object same = (Object) jetty.requestEditHeaders.invokeExact(request, (Object) put);
  }

  /**
   * The {@code Content-Type} Jetty adds from the request's body when it sends it (the request has
   * a body and no such header), to be set now and signed; null when there is none to add, or when
   * the body has no type and Jetty would add its client's default type, which is not known here.
   */
  private String bodyType(Object request) throws Throwable {
    if (jetty.header((Object) jetty.requestHeaders.invokeExact(request), "Content-Type") != null) {
      return null;
    }
    Object content = (Object) jetty.requestBody.invokeExact(request);
    return content == null ? null : (String) (Object) jetty.contentType.invokeExact(content);
  }

  /** The route of a request this agent routed, else null. */
  GatewayRoute route(Object request) throws Throwable {
    Object route = jetty.attributes(request).get(ROUTE);
    return route instanceof GatewayRoute ? (GatewayRoute) route : null;
  }

  /** Hands the gateway's answer to a routed request to the engine (its log line for a failure status). */
  void report(Engine engine, GatewayRoute route, Object response) throws Throwable {
    Object headers = (Object) jetty.responseHeaders.invokeExact(response);
    GatewayAnswers.report(engine, route, (Integer) (Object) status.invokeExact(response), name -> jetty.header(headers, name));
  }
}
