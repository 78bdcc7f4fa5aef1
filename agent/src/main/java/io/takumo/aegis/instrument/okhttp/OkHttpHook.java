package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Adds the agent's interceptor to each {@code OkHttpClient.Builder} just before a client is built
 * from it. One interceptor serves every client of an OkHttp (one per class loader that has one).
 */
public final class OkHttpHook {

  private final Engine engine;
  private final ClassValue<Binding> bindings =
      new ClassValue<Binding>() {
        @Override
        protected Binding computeValue(Class<?> builderType) {
          return bind(builderType);
        }
      };

  public OkHttpHook(Engine engine) {
    this.engine = engine;
  }

  /** Called with the builder of every {@code OkHttpClient} under construction. */
  public void clientBuilding(Object builder) throws Throwable {
    Binding binding = bindings.get(builder.getClass());
    if (binding == null) {
      return;
    }
    @SuppressWarnings("unchecked")
    List<Object> interceptors = (List<Object>) (Object) binding.interceptorsOf.invokeExact(builder);
    int at = interceptors.indexOf(binding.interceptor);
    // newBuilder() copies the interceptors, ours included. Keep it last, so the app's own
    // interceptors see the request and response as the app does, not tokenized.
    if (at >= 0) {
      if (at == interceptors.size() - 1) {
        return;
      }
      interceptors.remove(at);
    }
    interceptors.add(binding.interceptor);
  }

  private Binding bind(Class<?> builderType) {
    try {
      LibraryHandles handles = new LibraryHandles(builderType.getClassLoader());
      Class<?> interceptorType = handles.type("okhttp3.Interceptor");
      Object interceptor =
          Proxy.newProxyInstance(
              builderType.getClassLoader(), new Class<?>[] {interceptorType}, new AegisInterceptor(handles, engine));
      return new Binding(interceptor, handles.virtual(builderType, "interceptors", List.class));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().warn("this OkHttp is a version the agent does not know (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); requests sent with it are NOT protected");
      return null;
    }
  }

  /** The agent's interceptor for one OkHttp, and how to reach a builder's interceptor list. */
  private static final class Binding {
    final Object interceptor;
    final MethodHandle interceptorsOf;

    Binding(Object interceptor, MethodHandle interceptorsOf) {
      this.interceptor = interceptor;
      this.interceptorsOf = interceptorsOf;
    }
  }
}
