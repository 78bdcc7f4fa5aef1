package io.takumo.aegis.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Finds a client library's public methods in the app's class loader, for instrumentations that
 * are not compiled against the library. Every handle is typed with {@code Object}s: call it with
 * {@code invokeExact}, arguments and result cast to {@code Object} (primitives come back boxed).
 */
public final class LibraryHandles {

  private static final MethodHandles.Lookup PUBLIC = MethodHandles.publicLookup();

  private final ClassLoader loader;

  public LibraryHandles(ClassLoader loader) {
    this.loader = loader;
  }

  public ClassLoader loader() {
    return loader;
  }

  public Class<?> type(String name) throws ClassNotFoundException {
    return Class.forName(name, false, loader);
  }

  public MethodHandle virtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    return generic(PUBLIC.findVirtual(owner, name, MethodType.methodType(returns, parameters)));
  }

  /** Like {@link #virtual}, or {@code null} if this version of the library has no such method. */
  public MethodHandle optionalVirtual(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    try {
      return virtual(owner, name, returns, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  public MethodHandle staticMethod(Class<?> owner, String name, Class<?> returns, Class<?>... parameters)
      throws ReflectiveOperationException {
    return generic(PUBLIC.findStatic(owner, name, MethodType.methodType(returns, parameters)));
  }

  public MethodHandle constructor(Class<?> owner, Class<?>... parameters) throws ReflectiveOperationException {
    return generic(PUBLIC.findConstructor(owner, MethodType.methodType(void.class, parameters)));
  }

  private static MethodHandle generic(MethodHandle handle) {
    return handle.asType(handle.type().generic());
  }
}
