package io.takumo.aegis.instrument.urlconnection;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Authorization} header an app set on an {@code HttpURLConnection}. The JDK hides it
 * from {@code getRequestProperty}, so it is read from the connection's header list, which
 * {@link #openTo} makes readable to the agent. Gateway mode reads the other headers a signature
 * covers there too, and sets the signature's once the connection is connected, when
 * {@code setRequestProperty} no longer may ({@link #value}, {@link #set}).
 */
final class AuthorizationHeader {

  private static final String CONNECTION = "sun.net.www.protocol.http.HttpURLConnection";
  private static final String MESSAGE_HEADER = "sun.net.www.MessageHeader";

  private AuthorizationHeader() {}

  /** Opens the two JDK-internal packages involved to the agent's module only. */
  static void openTo(java.lang.instrument.Instrumentation inst) {
    Module base = Object.class.getModule();
    Set<Module> agent = Collections.singleton(AuthorizationHeader.class.getModule());
    Map<String, Set<Module>> opens = new HashMap<>();
    opens.put("sun.net.www.protocol.http", agent);
    opens.put("sun.net.www", agent);
    inst.redefineModule(base, Collections.emptySet(), Collections.emptyMap(), opens,
        Collections.emptySet(), Collections.emptyMap());
  }

  /** The header's value, or {@code null} if none was set or it cannot be read. */
  static String of(Object connection) {
    return value(connection, "Authorization");
  }

  /** The value of the request header {@code name} (any case), or {@code null} if none was set or it cannot be read. */
  static String value(Object connection, String name) {
    Readers r = Readers.INSTANCE;
    if (r == null) {
      return null;
    }
    try {
      return inHeaders((Object) r.requests.invokeExact(connection), name);
    } catch (Throwable t) {
      return null;
    }
  }

  /** The {@code Authorization} header in a connection's header list ({@code sun.net.www.MessageHeader}), or {@code null}. */
  static String inHeaders(Object headers) {
    return inHeaders(headers, "Authorization");
  }

  private static String inHeaders(Object headers, String name) {
    Readers r = Readers.INSTANCE;
    if (r == null || headers == null) {
      return null;
    }
    try {
      return (String) r.findValue.invokeExact(headers, name);
    } catch (Throwable t) {
      return null;
    }
  }

  /** Sets a request header as {@code setRequestProperty} would, also once connected; false if it cannot. */
  static boolean set(Object connection, String name, String value) {
    Readers r = Readers.INSTANCE;
    if (r == null) {
      return false;
    }
    try {
      r.set.invokeExact((Object) r.requests.invokeExact(connection), name, value);
      r.set.invokeExact((Object) r.userHeaders.invokeExact(connection), name, value);
      return true;
    } catch (Throwable t) {
      return false;
    }
  }

  /** Built on first use, after {@link #openTo} ran; {@code null} if this JDK's classes differ. */
  private static final class Readers {
    static final Readers INSTANCE = create();

    final MethodHandle requests;
    final MethodHandle userHeaders;
    final MethodHandle findValue;
    final MethodHandle set;

    private Readers() throws ReflectiveOperationException {
      Class<?> connection = Class.forName(CONNECTION, false, null);
      Class<?> messageHeader = Class.forName(MESSAGE_HEADER, false, null);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(connection, MethodHandles.lookup());
      requests = lookup.findGetter(connection, "requests", messageHeader)
          .asType(MethodType.methodType(Object.class, Object.class));
      userHeaders = lookup.findGetter(connection, "userHeaders", messageHeader)
          .asType(MethodType.methodType(Object.class, Object.class));
      set = MethodHandles.lookup()
          .findVirtual(messageHeader, "set", MethodType.methodType(void.class, String.class, String.class))
          .asType(MethodType.methodType(void.class, Object.class, String.class, String.class));
      findValue = MethodHandles.lookup()
          .findVirtual(messageHeader, "findValue", MethodType.methodType(String.class, String.class))
          .asType(MethodType.methodType(String.class, Object.class, String.class));
    }

    private static Readers create() {
      try {
        return new Readers();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
  }
}
