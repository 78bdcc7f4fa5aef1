package io.takumo.aegis.instrument.okhttp;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds OkHttp's and Okio's public methods in the app's class loader. The agent is not compiled
 * against either, so every handle is typed with {@code Object}s: call it with {@code invokeExact},
 * arguments and result cast to {@code Object} (primitives come back boxed).
 */
final class Handles {

  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

  private final ClassLoader loader;

  Handles(ClassLoader loader) {
    this.loader = loader;
  }

  Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  MethodHandle virtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    return generic(PUBLIC.findVirtual(owner, name, MethodType.methodType(returns, parameters)));
  }

  /** Like {@link #virtual}, or {@code null} if this version of the library has no such method. */
  MethodHandle optionalVirtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    try {
      return virtual(owner, name, returns, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  MethodHandle staticMethod(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    return generic(PUBLIC.findStatic(owner, name, MethodType.methodType(returns, parameters)));
  }

  MethodHandle constructor(Class<?> owner) throws ReflectiveOperationException {
    return generic(PUBLIC.findConstructor(owner, MethodType.methodType(void.class)));
  }

  static MethodHandle generic(MethodHandle handle) {
    return handle.asType(handle.type().generic());
  }
}
