package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayRedirects;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.lang.reflect.Proxy;

/**
 * What the Jetty advice calls. The Jetty methods are looked up once per copy of Jetty (per class
 * loader); a copy whose API is not what the agent expects is left alone, with one debug line.
 */
public final class JettyHook {

  private final Engine engine;
  private final ClassValue<Binding> bindings =
      new ClassValue<Binding>() {
        @Override
        protected Binding computeValue(Class<?> type) {
          return bind(type);
        }
      };

  public JettyHook(Engine engine) {
    this.engine = engine;
  }

  /**
   * On entry to {@code HttpRequest.send(listener)}: protects the body of a provider request.
   * Returns true if the agent took the send over and will send the request itself.
   */
  public boolean requestSending(Object request, Object listener) throws Throwable {
    Binding binding = bindings.get(request.getClass());
    return binding != null && binding.requests.sending(request, listener);
  }

  /**
   * Gateway mode, on exit of {@code RedirectProtocolHandler.accept}, which took the response to
   * {@code request} for a redirect to follow: whether to follow it. Jetty decides when the status line arrives, before
   * the {@code Location} header, so a routed request follows no redirect at all (a gateway sends none).
   */
  public boolean followsRedirect(Object request) throws Throwable {
    Binding binding = bindings.get(request.getClass());
    if (binding == null || binding.routing == null
        || binding.jetty.header((Object) binding.jetty.requestHeaders.invokeExact(request), Headers.SESSION) == null) {
      return true;
    }
    GatewayRedirects.notFollowed(engine, "");
    return false;
  }

  /**
   * Gateway mode, on entry to {@code HttpDestination.failed(failure)}: a connection could not be
   * opened; the routed requests queued for it go straight to the provider, or fail with the
   * one-line IOException (see {@link JettyConnectFailures}).
   */
  public void connectFailed(Object destination, Throwable failure) throws Throwable {
    Binding binding = bindings.get(destination.getClass());
    if (binding != null && binding.connectFailures != null) {
      binding.connectFailures.failed(engine, destination, failure);
    }
  }

  /**
   * On entry to {@code ResponseListeners.notifyHeaders}, before any listener sees the headers: a
   * body the agent will restore changes length, so its {@code Content-Length} goes (Spring, for
   * one, reads exactly that many bytes).
   */
  public void responseHeaders(Object response) throws Throwable {
    Binding binding = bindings.get(response.getClass());
    if (binding == null) {
      return;
    }
    if (binding.routing != null) {
      GatewayRoute route = binding.routing.route((Object) binding.jetty.responseRequest.invokeExact(response));
      if (route != null) {
        binding.routing.report(engine, route, response);
      }
    }
    if (restorerFor(binding, response) != null) {
      binding.jetty.removeHeader(binding.jetty.responseEditHeaders, response, "Content-Length");
    }
  }

  /**
   * On entry to {@code HttpReceiver.afterDecoding(response, length)}: true to skip it for a response
   * the agent restores. Jetty, once it has gunzipped a body, puts the decoded length in the
   * response's {@code Content-Length}; that is the length of the tokenized body, shorter than the
   * restored one the app reads. An app that reads the headers after that point (Spring's converters
   * take the response's headers when the app thread gets to them, often after Jetty has read the
   * whole small body) would read only that many bytes.
   */
  public boolean responseDecoded(Object response) throws Throwable {
    Binding binding = bindings.get(response.getClass());
    return binding != null && restorerFor(binding, response) != null;
  }

  /**
   * On entry to {@code ResponseListeners.notifyContentSource}: returns the source to hand the
   * listeners, restoring if this is a provider response that needs it, else {@code source}.
   */
  public Object responseContent(Object response, Object source) throws Throwable {
    Binding binding = bindings.get(response.getClass());
    ResponseRestorer restorer = binding == null ? null : restorerFor(binding, response);
    if (restorer == null) {
      return source;
    }
    JettyTypes jetty = binding.jetty;
    return Proxy.newProxyInstance(
        jetty.contentSource.getClassLoader(),
        new Class<?>[] {jetty.contentSource},
        new RestoringContentSource(jetty, source, restorer, engine,
            providerHost(binding, (Object) jetty.responseRequest.invokeExact(response))));
  }

  /** A restorer for a provider response that needs one, else null. */
  private ResponseRestorer restorerFor(Binding binding, Object response) throws Throwable {
    JettyTypes jetty = binding.jetty;
    Object request = (Object) jetty.responseRequest.invokeExact(response);
    String host = providerHost(binding, request);
    if (host == null) {
      return null;
    }
    RestoreScope scope = jetty.scope(request);
    // Jetty has removed Content-Encoding already if it decodes the body itself.
    Object headers = (Object) jetty.responseHeaders.invokeExact(response);
    return engine.restorerFor(host, jetty.header(headers, "Content-Type"), jetty.header(headers, "Content-Encoding"),
        scope != null ? scope : engine.scopeFor(null));
  }

  /**
   * The provider host a request is for: the one it was routed from through the gateway, or its own
   * if that is a provider's (and not signed over its body); else null.
   */
  private String providerHost(Binding binding, Object request) throws Throwable {
    JettyTypes jetty = binding.jetty;
    GatewayRoute route = binding.routing == null ? null : binding.routing.route(request);
    if (route != null) {
      return route.host();
    }
    String host = (String) (Object) jetty.requestHost.invokeExact(request);
    if (!engine.isProviderHost(host, (Integer) (Object) jetty.requestPort.invokeExact(request))
        || engine.leavesUntouched(host, jetty.header((Object) jetty.requestHeaders.invokeExact(request), "Authorization"))) {
      return null;
    }
    return host;
  }

  private Binding bind(Class<?> type) {
    try {
      JettyTypes jetty = new JettyTypes(type.getClassLoader());
      JettyRouting routing = engine.gateway() == null ? null : routing(jetty, type.getClassLoader());
      JettyConnectFailures connectFailures = routing == null ? null : connectFailures(jetty, routing, type.getClassLoader());
      return new Binding(jetty, new JettyRequests(jetty, engine, routing), routing, connectFailures);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Jetty client is not a version the agent knows (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); it is left alone");
      return null;
    }
  }

  /** Gateway routing for one copy of Jetty; null, with one debug line, if its API is not the one expected. */
  private JettyRouting routing(JettyTypes jetty, ClassLoader loader) {
    try {
      return new JettyRouting(jetty, new LibraryHandles(loader));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Jetty client cannot be routed through the gateway (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); its provider requests go straight to the provider, tokenized locally");
      return null;
    }
  }

  /**
   * Sending routed requests straight to the provider when the gateway drops, for one copy of Jetty;
   * null, with one debug line, if its internals are not the ones expected (the drop is then only
   * reported, and the app gets Jetty's exception).
   */
  private JettyConnectFailures connectFailures(JettyTypes jetty, JettyRouting routing, ClassLoader loader) {
    try {
      return new JettyConnectFailures(jetty, routing, new LibraryHandles(loader));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Jetty client cannot send a request again when the gateway drops (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); the app gets Jetty's exception");
      return null;
    }
  }

  /**
   * The Jetty methods of one copy of Jetty, its request handling, and its gateway routing and
   * connect-failure handling (gateway mode only).
   */
  private static final class Binding {
    final JettyTypes jetty;
    final JettyRequests requests;
    final JettyRouting routing;
    final JettyConnectFailures connectFailures;

    Binding(JettyTypes jetty, JettyRequests requests, JettyRouting routing, JettyConnectFailures connectFailures) {
      this.jetty = jetty;
      this.requests = requests;
      this.routing = routing;
      this.connectFailures = connectFailures;
    }
  }
}
