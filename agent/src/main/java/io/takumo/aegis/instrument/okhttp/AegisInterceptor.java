package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.Gateway;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.GatewayUnavailableException;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.net.URI;

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
  private final MethodHandle responseCode;
  private final MethodHandle responseHeader;
  private final OkHttpRequests requests;
  private final OkHttpResponses responses;

  AegisInterceptor(LibraryHandles handles, Engine engine) throws ReflectiveOperationException {
    this.engine = engine;
    Class<?> chain = handles.type("okhttp3.Interceptor$Chain");
    Class<?> request = handles.type("okhttp3.Request");
    chainRequest = handles.virtual(chain, "request", request);
    Class<?> response = handles.type("okhttp3.Response");
    chainProceed = handles.virtual(chain, "proceed", response, request);
    responseCode = handles.virtual(response, "code", int.class);
    responseHeader = handles.virtual(response, "header", String.class, String.class);
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
    URI uri = requests.uri(request);
    GatewayRoute route = engine.route(uri);
    RestoreScope scope = engine.scopeFor(uri.getRawPath());
    OkHttpRequests.Protected protectedRequest = protect(request, host, scope);
    if (route == null) {
      return restore((Object) chainProceed.invokeExact(chain, protectedRequest.request), host, scope);
    }
    Object response;
    try {
      response = (Object) chainProceed.invokeExact(chain, requests.routed(protectedRequest, route));
    } catch (IOException e) {
      if (!GatewayUnavailableException.isConnectFailure(e)) {
        throw e;
      }
      if (!engine.gateway().onSendFailed(route, e)) {
        throw new RequestBlockedException(Gateway.blockedMessage(host, engine.gateway().unavailable(e)));
      }
      // gateway-fallback=local: straight to the provider, the body still tokenized.
      return restore((Object) chainProceed.invokeExact(chain, protectedRequest.request), host, scope);
    }
    onGatewayResponse(route, response);
    return restore(response, host, scope);
  }

  private OkHttpRequests.Protected protect(Object request, String host, RestoreScope scope) throws Throwable {
    try {
      return requests.protect(request, host, scope);
    } catch (IOException e) {
      // Blocked by fail-mode closed, or the app's own body failed as it would have anyway.
      throw e;
    } catch (Throwable t) {
      engine.cannotProtect(host, "internal error (" + t.getClass().getSimpleName() + ")");
      return new OkHttpRequests.Protected(request, null);
    }
  }

  private void onGatewayResponse(GatewayRoute route, Object response) {
    try {
      int status = (Integer) (Object) responseCode.invokeExact(response);
      engine.gateway().onResponse(route, status, name -> header(response, name));
    } catch (Throwable t) {
      engine.log().warn("could not read the gateway's answer (" + t.getClass().getSimpleName() + ")");
    }
  }

  private String header(Object response, String name) {
    try {
      return (String) (Object) responseHeader.invokeExact(response, (Object) name);
    } catch (Throwable t) {
      return null;
    }
  }

  private Object restore(Object response, String host, RestoreScope scope) {
    try {
      return responses.restore(response, host, scope);
    } catch (Throwable t) {
      engine.restoreFailed(host, t);
      return response;
    }
  }
}
