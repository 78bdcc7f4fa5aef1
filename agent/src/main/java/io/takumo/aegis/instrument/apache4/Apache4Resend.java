package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.instrument.ClassicResend;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;

/** {@link ClassicResend} for HttpClient 4: {@code CloseableHttpClient.execute(HttpHost, HttpRequest, HttpContext)}. */
final class Apache4Resend implements ClassicResend {

  private final Apache4Api api;
  private final MethodHandle execute;
  private final MethodHandle repeatable;

  private Apache4Resend(LibraryHandles h, Apache4Api api) throws ReflectiveOperationException {
    this.api = api;
    execute = h.virtual(h.type("org.apache.http.impl.client.CloseableHttpClient"), "execute",
        h.type("org.apache.http.client.methods.CloseableHttpResponse"), h.type("org.apache.http.HttpHost"),
        h.type("org.apache.http.HttpRequest"), h.type("org.apache.http.protocol.HttpContext"));
    repeatable = h.virtual(h.type("org.apache.http.HttpEntity"), "isRepeatable", boolean.class);
  }

  /** Null for an HttpClient 4 without {@code CloseableHttpClient} (before 4.3): its requests are not sent again. */
  static Apache4Resend create(LibraryHandles h, Apache4Api api) {
    try {
      return new Apache4Resend(h, api);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  @Override
  public boolean replayable(Object request) throws Throwable {
    Object entity = api.requestEntity(request);
    return entity == null || (Boolean) (Object) repeatable.invokeExact(entity);
  }

  @Override
  public Object execute(Object client, Object target, Object request, Object context) throws Throwable {
    return (Object) execute.invokeExact(client, target, request, context);
  }
}
