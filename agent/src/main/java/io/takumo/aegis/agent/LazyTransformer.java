package io.takumo.aegis.agent;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.security.ProtectionDomain;
import java.util.Set;

/**
 * Filters class loads by exact name before anything of ByteBuddy is touched, and builds the
 * ByteBuddy transformer only when a target class actually loads (or when the warm-up thread asks
 * for it). Most of an agent's start-up cost is loading its weaving library; this keeps it off the
 * app's start-up path, and every other class costs one hash lookup.
 */
final class LazyTransformer implements ClassFileTransformer {

  private final Set<String> targets;
  private final Weaver weaver;
  private volatile ClassFileTransformer delegate;

  LazyTransformer(Set<String> targets, Weaver weaver) {
    this.targets = targets;
    this.weaver = weaver;
  }

  boolean isTarget(String internalName) {
    return targets.contains(internalName);
  }

  /** Builds the ByteBuddy transformer now, if not yet built. */
  ClassFileTransformer delegate() {
    ClassFileTransformer d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = weaver.build();
          delegate = d;
        }
      }
    }
    return d;
  }

  @Override
  public byte[] transform(
      Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    if (className == null || !targets.contains(className)) {
      return null;
    }
    return delegate().transform(module, loader, className, redefined, domain, bytes);
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    if (className == null || !targets.contains(className)) {
      return null;
    }
    return delegate().transform(loader, className, redefined, domain, bytes);
  }
}
