package io.takumo.aegis.instrument;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * For {@link java.lang.reflect.InvocationHandler}s that wrap a library object behind its own
 * interface: the calls they do not intercept go to the wrapped object, exceptions unwrapped.
 */
public final class Delegation {

  private Delegation() {}

  public static Object forward(Object delegate, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** {@code equals}/{@code hashCode}/{@code toString} of a proxy, by identity. */
  public static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
    switch (method.getName()) {
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      default:
        return name;
    }
  }

  public static boolean isObjectMethod(Method method) {
    return method.getDeclaringClass() == Object.class;
  }
}
