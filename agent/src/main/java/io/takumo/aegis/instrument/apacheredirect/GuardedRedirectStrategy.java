package io.takumo.aegis.instrument.apacheredirect;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayRedirects;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;

/**
 * An Apache client's {@code RedirectStrategy} (HttpClient 4 or 5: the same shape), asked first.
 * Where it would follow a response to a routed request (one carrying the route's headers, which
 * the client copies onto the next hop) to anywhere but the gateway's origin, the answer is no: the
 * app receives the 3xx as it came. Everything else is the app's strategy's.
 */
final class GuardedRedirectStrategy implements InvocationHandler {

  private final Engine engine;
  private final Object strategy;

  GuardedRedirectStrategy(Engine engine, Object strategy) {
    this.engine = engine;
    this.strategy = strategy;
  }

  static boolean isGuarded(Object strategy) {
    return Proxy.isProxyClass(strategy.getClass()) && Proxy.getInvocationHandler(strategy) instanceof GuardedRedirectStrategy;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        default:
          return strategy.toString();
      }
    }
    Object answer;
    try {
      answer = method.invoke(strategy, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
    if (Boolean.TRUE.equals(answer) && method.getName().equals("isRedirected") && args != null && args.length == 3
        && !follows(method, args[0], args[1])) {
      return Boolean.FALSE;
    }
    return answer;
  }

  /** Whether a redirect of {@code request} that the app's strategy would follow may be followed. */
  private boolean follows(Method isRedirected, Object request, Object response) {
    try {
      if (engine.gateway() == null || header(isRedirected.getParameterTypes()[0], request, Headers.SESSION) == null) {
        return true;
      }
      String location = header(isRedirected.getParameterTypes()[1], response, "Location");
      if (location == null) {
        GatewayRedirects.notFollowed(engine, "");
        return false;
      }
      // A relative Location stays on the origin of the request, the gateway's.
      return GatewayRedirects.follows(engine, engine.gateway().base().resolve(location.trim()));
    } catch (Throwable t) {
      engine.log().warn("Apache redirect hook failed (" + t.getClass().getSimpleName() + "); the redirect is not followed");
      return false;
    }
  }

  /**
   * The first value of header {@code name} of {@code message}, read through {@code type} (the
   * library's {@code HttpRequest} or {@code HttpResponse}, whose {@code getFirstHeader} returns a
   * {@code Header}); only when a redirect is about to be followed.
   */
  private static String header(Class<?> type, Object message, String name) throws ReflectiveOperationException {
    Method first = type.getMethod("getFirstHeader", String.class);
    Object header = first.invoke(message, name);
    return header == null ? null : (String) first.getReturnType().getMethod("getValue").invoke(header);
  }
}
