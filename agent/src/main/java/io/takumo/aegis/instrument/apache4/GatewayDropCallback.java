package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.instrument.Delegation;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * The app's {@code FutureCallback} of a routed HttpAsyncClient 4.1 exchange: its {@code failed}
 * gets what the agent replaced for the app ({@link AsyncRouting#forApp}), or nothing when the
 * exchange is sent again ({@link AsyncResend}); all else is forwarded.
 */
final class GatewayDropCallback implements InvocationHandler {

  private final Object delegate;
  private final AsyncRouting routing;

  private GatewayDropCallback(Object delegate, AsyncRouting routing) {
    this.delegate = delegate;
    this.routing = routing;
  }

  /** {@code callback} wrapped, or itself when it is null or this httpcore has no {@code FutureCallback}. */
  static Object wrap(Apache4Api api, Object callback, AsyncRouting routing) {
    if (callback == null || api.futureCallback == null || !api.futureCallback.isInstance(callback)) {
      return callback;
    }
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.futureCallback}, new GatewayDropCallback(callback, routing));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (Delegation.isObjectMethod(method)) {
      return Delegation.objectMethod(proxy, method, args, "TakumoAegisFutureCallback");
    }
    if (method.getName().equals("failed") && args != null && args.length == 1 && args[0] instanceof Exception) {
      if (routing.attemptFor((Exception) args[0]) != null) {
        // Sent again straight to the provider: that attempt calls the app's callback.
        return null;
      }
      args[0] = routing.forApp((Exception) args[0]);
    }
    return Delegation.forward(delegate, method, args);
  }
}
