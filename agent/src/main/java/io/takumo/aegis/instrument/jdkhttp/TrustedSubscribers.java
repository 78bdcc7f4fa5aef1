package io.takumo.aegis.instrument.jdkhttp;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;

/**
 * Keeps the JDK's own scheduling of a response whose body subscriber the agent wraps.
 *
 * <p>The JDK client completes the body of its own subscribers ({@code ofByteArray}, {@code
 * ofString}, …: "trusted" ones) inline, but hands the completion of any other subscriber to the
 * client's executor, one thread hand-off per response. A plain wrapper would add that hand-off to
 * every provider response. So the wrapper is presented through the JDK's internal {@code
 * TrustedSubscriber} interface, and asks for the executor exactly when the app's own subscriber
 * would (as the JDK's own wrapping subscribers do): the app sees the same threads as without the
 * agent. Where that interface is missing or unreadable, the plain wrapper is used.
 */
final class TrustedSubscribers {

  private static final String TRUSTED = "jdk.internal.net.http.ResponseSubscribers$TrustedSubscriber";
  private static final String PACKAGE = "jdk.internal.net.http";

  private TrustedSubscribers() {}

  /**
   * Lets the agent ask the app's subscriber whether it needs the executor: exports the JDK's
   * internal client package to the agent's module only.
   */
  static void exportTo(java.lang.instrument.Instrumentation inst) {
    Optional<Module> client = ModuleLayer.boot().findModule("java.net.http");
    if (!client.isPresent()) {
      return;
    }
    try {
      inst.redefineModule(client.get(), Collections.<Module>emptySet(),
          Collections.singletonMap(PACKAGE, Collections.singleton(TrustedSubscribers.class.getModule())),
          Collections.emptyMap(), Collections.<Class<?>>emptySet(), Collections.emptyMap());
    } catch (RuntimeException e) {
      // Not this JDK's layout: responses keep the plain wrapper and its one hand-off.
    }
  }

  /**
   * {@code wrapper}, seen by the JDK as trusted as {@code appSubscriber} is.
   *
   * @param wrapper the agent's subscriber, passing everything on to {@code appSubscriber}
   */
  @SuppressWarnings("unchecked")
  static <T> HttpResponse.BodySubscriber<T> asTrustedAs(
      HttpResponse.BodySubscriber<T> wrapper, HttpResponse.BodySubscriber<T> appSubscriber) {
    Interface trusted = Interface.INSTANCE;
    if (trusted == null) {
      return wrapper;
    }
    return (HttpResponse.BodySubscriber<T>) Proxy.newProxyInstance(
        trusted.type.getClassLoader(), new Class<?>[] {trusted.type}, new Forwarding(trusted, wrapper, appSubscriber));
  }

  /** The JDK's interface, or {@code null} if this JDK has none the agent can use. */
  private static final class Interface {
    static final Interface INSTANCE = find();

    final Class<?> type;
    final Method needsExecutor;

    private Interface(Class<?> type, Method needsExecutor) {
      this.type = type;
      this.needsExecutor = needsExecutor;
    }

    private static Interface find() {
      try {
        Class<?> type = Class.forName(TRUSTED, false, HttpResponse.class.getClassLoader());
        if (!type.isInterface() || !HttpResponse.BodySubscriber.class.isAssignableFrom(type)) {
          return null;
        }
        for (Method method : type.getDeclaredMethods()) {
          // A JDK whose interface asks more than needsExecutor: the proxy could not answer it.
          if (!java.lang.reflect.Modifier.isStatic(method.getModifiers()) && !method.getName().equals("needsExecutor")) {
            return null;
          }
        }
        Interface found = new Interface(type, type.getMethod("needsExecutor"));
        found.needsExecutor(HttpResponse.BodySubscribers.ofByteArray()); // readable, or fails here
        return found;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    /** What the JDK decides for the app's subscriber: an unknown one needs the executor. */
    boolean needsExecutor(Object subscriber) {
      if (!type.isInstance(subscriber)) {
        return true;
      }
      try {
        return (Boolean) needsExecutor.invoke(subscriber);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return true;
      }
    }
  }

  /** Forwards every subscriber method to the wrapper; answers {@code needsExecutor} for the app's. */
  private static final class Forwarding implements InvocationHandler {
    private final Interface trusted;
    private final Object wrapper;
    private final Object appSubscriber;

    Forwarding(Interface trusted, Object wrapper, Object appSubscriber) {
      this.trusted = trusted;
      this.wrapper = wrapper;
      this.appSubscriber = appSubscriber;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "needsExecutor":
          return trusted.needsExecutor(appSubscriber);
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return wrapper.toString();
        default:
          try {
            return method.invoke(wrapper, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
      }
    }
  }
}
