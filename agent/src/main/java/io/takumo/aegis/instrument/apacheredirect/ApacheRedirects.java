package io.takumo.aegis.instrument.apacheredirect;

import io.takumo.aegis.engine.Engine;
import java.lang.reflect.Proxy;

/**
 * Gateway mode: gives the Apache classes that follow redirects a {@link GuardedRedirectStrategy}
 * in place of the client's strategy. Runs once per client built, not per request.
 */
public final class ApacheRedirects {

  private final Engine engine;

  public ApacheRedirects(Engine engine) {
    this.engine = engine;
  }

  /** See {@code AegisBridge.Hooks#apacheRedirectStrategies}: the arguments, each strategy guarded. */
  public Object[] guard(Object[] arguments) {
    for (int i = 0; i < arguments.length; i++) {
      Object a = arguments[i];
      Class<?> strategy = a == null || GuardedRedirectStrategy.isGuarded(a) ? null : strategyType(a.getClass());
      if (strategy != null) {
        arguments[i] = Proxy.newProxyInstance(strategy.getClassLoader(), new Class<?>[] {strategy},
            new GuardedRedirectStrategy(engine, a));
      }
    }
    return arguments;
  }

  /** The {@code RedirectStrategy} interface {@code type} implements, or null. */
  private static Class<?> strategyType(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      Class<?> found = among(c.getInterfaces());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static Class<?> among(Class<?>[] interfaces) {
    for (Class<?> i : interfaces) {
      Class<?> found = ApacheRedirectInstrumentation.isStrategyType(i.getName()) ? i : among(i.getInterfaces());
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
