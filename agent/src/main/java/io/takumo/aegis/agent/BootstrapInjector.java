package io.takumo.aegis.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Defines the bridge classes ({@code io/takumo/aegis/bootstrap/}) in the bootstrap class loader,
 * where advice woven into JDK and library classes can see them.
 *
 * <p>Appending the agent jar to the bootstrap search path would also work, but it turns off
 * class-data sharing for the app's own classes (slower start-up) and makes the JVM print a
 * warning on the app's stdout. So the classes are defined directly, through the JDK's internal
 * {@code Unsafe}, which the agent may reach because {@code Instrumentation} lets it open that
 * package to this (private, isolated) module alone. If that fails, the jar is appended after all.
 *
 * <p>This class must not refer to the bridge itself: it runs before the bridge exists.
 */
public final class BootstrapInjector {

  private static final String BRIDGE_PACKAGE = "io/takumo/aegis/bootstrap/";

  private BootstrapInjector() {}

  /** Called by {@link Activation}, before anything uses the bridge. */
  public static void inject(Instrumentation inst, String agentJarPath) throws IOException {
    JarFile jar = new JarFile(agentJarPath, false);
    try {
      if (!alreadyInjected()) {
        defineInBootLoader(inst, classesOf(jar));
      }
      jar.close();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      inst.appendToBootstrapClassLoaderSearch(jar);
    }
  }

  private static boolean alreadyInjected() {
    try {
      Class.forName("io.takumo.aegis.bootstrap.AegisBridge", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Reads the bridge classes named by the list the build writes beside them. */
  private static Map<String, byte[]> classesOf(JarFile jar) throws IOException {
    JarEntry list = jar.getJarEntry(BRIDGE_PACKAGE + "classes.list");
    if (list == null) {
      throw new IllegalStateException("the agent jar holds no bridge class list");
    }
    Map<String, byte[]> classes = new LinkedHashMap<>();
    String names;
    try (InputStream in = jar.getInputStream(list)) {
      names = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    // Split by hand, not with a regular expression: java.util.regex costs start-up time.
    int from = 0;
    while (from < names.length()) {
      int end = names.indexOf('\n', from);
      if (end < 0) {
        end = names.length();
      }
      String entryName = names.substring(from, end).trim();
      from = end + 1;
      if (entryName.isEmpty()) {
        continue;
      }
      JarEntry entry = jar.getJarEntry(entryName);
      if (entry == null || !entryName.startsWith(BRIDGE_PACKAGE) || !entryName.endsWith(".class")) {
        throw new IllegalStateException("the agent jar's bridge class list names a missing class");
      }
      try (InputStream in = jar.getInputStream(entry)) {
        classes.put(entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.'), in.readAllBytes());
      }
    }
    if (classes.isEmpty()) {
      throw new IllegalStateException("the agent jar holds no bridge classes");
    }
    return classes;
  }

  private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes)
      throws ReflectiveOperationException {
    Module base = Object.class.getModule();
    Module self = BootstrapInjector.class.getModule();
    Map<String, Set<Module>> toSelf = Collections.singletonMap("jdk.internal.misc", Collections.singleton(self));
    inst.redefineModule(
        base, Collections.<Module>emptySet(), toSelf, toSelf,
        Collections.<Class<?>>emptySet(), Collections.<Class<?>, List<Class<?>>>emptyMap());
    Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
    Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
    Method define =
        unsafeType.getMethod(
            "defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
    // A class can only be defined after its supertypes: retry the ones whose turn has not come.
    Map<String, byte[]> pending = new LinkedHashMap<>(classes);
    while (!pending.isEmpty()) {
      int before = pending.size();
      for (String name : new ArrayList<>(pending.keySet())) {
        byte[] bytes = pending.get(name);
        try {
          define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
          pending.remove(name);
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (!(e.getCause() instanceof NoClassDefFoundError)) {
            throw e;
          }
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException("cannot define bridge classes " + pending.keySet());
      }
    }
  }
}
