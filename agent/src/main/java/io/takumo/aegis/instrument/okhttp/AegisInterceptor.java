package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * The agent's {@code okhttp3.Interceptor}, behind a {@link java.lang.reflect.Proxy} defined in the
 * app's class loader. As an application interceptor it sees every call, synchronous or
 * {@code enqueue}d, once, with bodies as the app wrote and will read them (OkHttp's own gzip is
 * undone below it).
 */
final class AegisInterceptor implements InvocationHandler {

  private final Engine engine;
  private final MethodHandle chainRequest;
  private final MethodHandle chainProceed;
  private final OkHttpRequests requests;
  private final OkHttpResponses responses;

  AegisInterceptor(Handles handles, Engine engine) throws ReflectiveOperationException {
    this.engine = engine;
    Class<?> chain = handles.type("okhttp3.Interceptor$Chain");
    Class<?> request = handles.type("okhttp3.Request");
    chainRequest = handles.virtual(chain, "request", request);
    chainProceed = handles.virtual(chain, "proceed", handles.type("okhttp3.Response"), request);
    requests = new OkHttpRequests(handles, engine);
    responses = new OkHttpResponses(handles, engine);
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "intercept":
        return intercept(args[0]);
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "TakumoAegisInterceptor";
      default:
        throw new UnsupportedOperationException(method.getName());
    }
  }

  private Object intercept(Object chain) throws Throwable {
    Object request = (Object) chainRequest.invokeExact(chain);
    String host = requests.host(request);
    if (!engine.isProviderHost(host, requests.port(request))
        || engine.leavesUntouched(host, requests.authorization(request))) {
      return (Object) chainProceed.invokeExact(chain, request);
    }
    Object response = (Object) chainProceed.invokeExact(chain, protect(request, host));
    return restore(response, host);
  }

  private Object protect(Object request, String host) throws Throwable {
    try {
      return requests.protect(request, host);
    } catch (IOException e) {
      // Blocked by fail-mode closed, or the app's own body failed as it would have anyway.
      throw e;
    } catch (Throwable t) {
      engine.cannotProtect(host, "internal error (" + t.getClass().getSimpleName() + ")");
      return request;
    }
  }

  private Object restore(Object response, String host) {
    try {
      return responses.restore(response, host);
    } catch (Throwable t) {
      engine.restoreFailed(host, t);
      return response;
    }
  }
}
