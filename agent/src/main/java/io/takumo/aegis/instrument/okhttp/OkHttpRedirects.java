package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayRedirects;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.net.URI;

/**
 * Gateway mode: OkHttp follows redirects beneath the agent's interceptor, with a copy of the
 * routed request and so the route's headers. A follow-up of a routed request to anywhere but the
 * gateway itself is dropped, and OkHttp hands the app the 3xx, as the JDK clients do.
 */
public final class OkHttpRedirects {

  private final Engine engine;
  private final ClassValue<Handles> handles =
      new ClassValue<Handles>() {
        @Override
        protected Handles computeValue(Class<?> requestType) {
          try {
            return new Handles(new LibraryHandles(requestType.getClassLoader()), requestType);
          } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null;
          }
        }
      };

  public OkHttpRedirects(Engine engine) {
    this.engine = engine;
  }

  /**
   * See {@code AegisBridge.Hooks#okHttpFollowUp}: {@code next}, or null where it is a routed
   * request going to another origin than the gateway's.
   */
  public Object followUp(Object next) throws Throwable {
    if (next == null || engine.gateway() == null) {
      return next;
    }
    Handles h = handles.get(next.getClass());
    // An OkHttp whose requests the agent cannot read has none routed (its interceptor could not bind).
    if (h == null || (Object) h.header.invokeExact(next, (Object) Headers.SESSION) == null) {
      return next;
    }
    URI target = URI.create(((Object) h.url.invokeExact(next)).toString());
    return GatewayRedirects.follows(engine, target) ? next : null;
  }

  /** {@code Request.url()} and {@code Request.header(String)} of one OkHttp. */
  private static final class Handles {
    final MethodHandle url;
    final MethodHandle header;

    Handles(LibraryHandles handles, Class<?> request) throws ReflectiveOperationException {
      url = handles.virtual(request, "url", handles.type("okhttp3.HttpUrl"));
      header = handles.virtual(request, "header", String.class, String.class);
    }
  }
}
