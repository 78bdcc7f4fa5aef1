package io.takumo.aegis.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the agent's engine, its instrumentations and their shaded dependencies from
 * {@code io/takumo/aegis/inst/} inside the agent jar, where they are stored as {@code .classdata}.
 * No other class loader can find them there, so none of it is visible to the app.
 */
final class AgentClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private static final String PREFIX = "io/takumo/aegis/inst/";
  private static final String OWN_PACKAGES = "io.takumo.aegis.";
  private static final String BRIDGE_PACKAGE = "io.takumo.aegis.bootstrap.";

  private final JarFile jar;
  private final String jarUrl;
  private final ProtectionDomain domain;

  AgentClassLoader(JarFile jar, URL jarLocation, ClassLoader parent) {
    super(parent);
    this.jar = jar;
    this.jarUrl = "jar:" + jarLocation.toExternalForm() + "!/";
    this.domain = new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
  }

  /**
   * The agent's own classes are looked up here first: no parent can hold them, and asking the
   * platform and boot loaders first, for each of the ~1,500 classes the agent loads, is a
   * noticeable share of its start-up. The bridge package is the boot loader's, so it goes there.
   */
  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith(OWN_PACKAGES) || name.startsWith(BRIDGE_PACKAGE)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        c = findClass(name);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + ".classdata");
    if (entry == null) {
      throw new ClassNotFoundException(name);
    }
    byte[] bytes;
    try (InputStream in = jar.getInputStream(entry)) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
    int dot = name.lastIndexOf('.');
    if (dot > 0) {
      String pkg = name.substring(0, dot);
      if (getDefinedPackage(pkg) == null) {
        try {
          definePackage(pkg, null, null, null, null, null, null, null);
        } catch (IllegalArgumentException raced) {
          // another thread defined it first
        }
      }
    }
    return defineClass(name, bytes, 0, bytes.length, domain);
  }

  @Override
  protected URL findResource(String name) {
    String entryName =
        name.endsWith(".class")
            ? PREFIX + name.substring(0, name.length() - ".class".length()) + ".classdata"
            : PREFIX + name;
    if (jar.getJarEntry(entryName) == null) {
      return null;
    }
    try {
      return new URL(jarUrl + entryName);
    } catch (MalformedURLException e) {
      return null;
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
  }
}
