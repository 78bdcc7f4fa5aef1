package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.restore.ResponseRestorer;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;

/**
 * A response's {@code Content.Source}, behind a {@link java.lang.reflect.Proxy}, that hands its
 * reader the restored bytes. It keeps Jetty's demand model: a {@code read} returns restored bytes as
 * soon as the restorer releases any, or {@code null} (after which the reader demands) when the
 * source has nothing more yet; so server-sent events still arrive one by one. Demands and failures
 * go straight to the response's own source. If the restorer fails, the rest passes through as it
 * came.
 */
final class RestoringContentSource implements InvocationHandler {

  private final JettyTypes jetty;
  private final Object source;
  private final ResponseRestorer restorer;
  private final Engine engine;
  private final String host;
  private boolean ended;
  private boolean failed;

  RestoringContentSource(JettyTypes jetty, Object source, ResponseRestorer restorer, Engine engine, String host) {
    this.jetty = jetty;
    this.source = source;
    this.restorer = restorer;
    this.engine = engine;
    this.host = host;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "read":
        return read();
      case "demand":
        return (Object) jetty.sourceDemand.invokeExact(source, args[0]);
      case "fail":
        return args.length == 1
            ? (Object) jetty.sourceFail.invokeExact(source, args[0])
            : (Object) jetty.sourceFailTransiently.invokeExact(source, args[0], args[1]);
      case "getLength":
        // Restoring changes the length; it is known only at the end.
        return -1L;
      case "rewind":
        return false;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "TakumoAegisRestoringSource[" + source + "]";
      default:
        throw new UnsupportedOperationException(method.getName());
    }
  }

  /** Jetty calls {@code read} from one reader at a time, so this needs no lock. */
  private Object read() throws Throwable {
    while (!ended) {
      Object chunk = (Object) jetty.sourceRead.invokeExact(source);
      if (chunk == null || jetty.isFailure(chunk)) {
        return chunk;
      }
      byte[] in;
      boolean last;
      try {
        in = jetty.bytes(chunk);
        last = jetty.isLast(chunk);
      } finally {
        jetty.release(chunk);
      }
      byte[] out = last ? concat(update(in), finish()) : update(in);
      if (last) {
        ended = true;
        return jetty.chunk(out, true);
      }
      if (out.length > 0) {
        return jetty.chunk(out, false);
      }
      // Everything held back (a token may be split across reads): read on.
    }
    // Past the last chunk a source keeps answering with its end.
    return (Object) jetty.sourceRead.invokeExact(source);
  }

  private byte[] update(byte[] in) {
    if (failed || in.length == 0) {
      return in;
    }
    try {
      return restorer.update(in, 0, in.length);
    } catch (RuntimeException e) {
      failed = true;
      engine.restoreFailed(host, e);
      return in;
    }
  }

  private byte[] finish() {
    if (failed) {
      return new byte[0];
    }
    try {
      return restorer.finish();
    } catch (RuntimeException e) {
      engine.restoreFailed(host, e);
      return new byte[0];
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (b.length == 0) {
      return a;
    }
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
