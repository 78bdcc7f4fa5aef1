package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.LibraryHandles;

/**
 * The agent's entry points for Apache HttpClient 5, classic and async; one binding to the library
 * per class loader that has one.
 */
public final class Apache5Hook {

  private final Engine engine;
  private final Apache5Classic classic;
  private final ClassValue<Apache5Api> apis =
      new ClassValue<Apache5Api>() {
        @Override
        protected Apache5Api computeValue(Class<?> clientType) {
          return bind(clientType);
        }
      };

  public Apache5Hook(Engine engine) {
    this.engine = engine;
    this.classic = new Apache5Classic(engine);
  }

  /** See {@code AegisBridge.Hooks.apache5ClassicRequest}: null, the host to restore for, or the throwable. */
  public Object classicRequest(Object client, Object target, Object request) throws Throwable {
    Apache5Api api = apis.get(client.getClass());
    if (api == null) {
      return null;
    }
    String host = classic.protect(api, target, request);
    return host == null ? null : new ClassicExchange(api, host);
  }

  public void classicResponse(Object exchange, Object response) throws Throwable {
    ClassicExchange e = (ClassicExchange) exchange;
    classic.restore(e.api, e.host, response);
  }

  /**
   * Wraps an async exchange's producer and consumer. With a target given, a non-provider host is
   * left alone here; without one the host is known only once the producer sends the request head.
   */
  public Object[] asyncExchange(Object client, Object target, Object producer, Object consumer) throws Throwable {
    Apache5Api api = apis.get(client.getClass());
    if (api == null || producer == null || consumer == null) {
      return null;
    }
    if (target != null && !engine.isProviderHost(api.host(target, null), api.port(target, null))) {
      return null;
    }
    AsyncExchange exchange = new AsyncExchange();
    return new Object[] {
      ProtectingRequestProducer.wrap(api, engine, target, producer, exchange),
      RestoringResponseConsumer.wrap(api, engine, consumer, exchange)
    };
  }

  private Apache5Api bind(Class<?> clientType) {
    try {
      return new Apache5Api(new LibraryHandles(clientType.getClassLoader()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().warn("this Apache HttpClient 5 is a version the agent does not know (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); requests sent with it are NOT protected");
      return null;
    }
  }

  /** A classic request to a provider, between {@code doExecute}'s entry and exit. */
  private static final class ClassicExchange {
    final Apache5Api api;
    final String host;

    ClassicExchange(Apache5Api api, String host) {
      this.api = api;
      this.host = host;
    }
  }
}
