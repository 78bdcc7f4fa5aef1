package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.instrument.ClassicResend;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;

/** {@link ClassicResend} for HttpClient 5: {@code CloseableHttpClient.execute(HttpHost, ClassicHttpRequest, HttpContext)}. */
final class Apache5Resend implements ClassicResend {

  private final Apache5Api api;
  private final MethodHandle execute;
  private final MethodHandle repeatable;

  private Apache5Resend(LibraryHandles h, Apache5Api api) throws ReflectiveOperationException {
    this.api = api;
    execute = h.virtual(h.type("org.apache.hc.client5.http.impl.classic.CloseableHttpClient"), "execute",
        h.type("org.apache.hc.client5.http.impl.classic.CloseableHttpResponse"), h.type("org.apache.hc.core5.http.HttpHost"),
        h.type("org.apache.hc.core5.http.ClassicHttpRequest"), h.type("org.apache.hc.core5.http.protocol.HttpContext"));
    repeatable = h.virtual(h.type("org.apache.hc.core5.http.HttpEntity"), "isRepeatable", boolean.class);
  }

  /** Null if this HttpClient 5 differs: its requests are not sent again. */
  static Apache5Resend create(LibraryHandles h, Apache5Api api) {
    try {
      return new Apache5Resend(h, api);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  @Override
  public boolean replayable(Object request) throws Throwable {
    Object entity = api.entity(request);
    return entity == null || (Boolean) (Object) repeatable.invokeExact(entity);
  }

  @Override
  public Object execute(Object client, Object target, Object request, Object context) throws Throwable {
    return (Object) execute.invokeExact(client, target, request, context);
  }
}
