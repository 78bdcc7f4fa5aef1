package io.takumo.aegis.agent;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * ByteBuddy's type pool, as by default (class files read lazily through the class loader), except
 * that a type whose class file the loader cannot give is described from the loaded class instead.
 *
 * <p>Another agent that transformed a class before us may have added an interface of its own to it
 * (OpenTelemetry adds {@code VirtualFieldInstalledMarker} and its field accessors to
 * {@code HttpURLConnection}). Such types live in the boot loader, defined from a jar appended to the
 * boot search path at run time or injected without a class file at all, and the JDK's resource
 * lookup finds neither. Weaving needs every interface of the class (its method graph), so with the
 * default pool the class was skipped, and its requests went out unprotected.
 */
final class LoadedTypeFallbackPool implements AgentBuilder.PoolStrategy {

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader loader) {
    return new TypePool.LazyFacade(new Pool(classFileLocator, loader));
  }

  @Override
  public TypePool typePool(ClassFileLocator classFileLocator, ClassLoader loader, String name) {
    return typePool(classFileLocator, loader);
  }

  /** The default lazy pool with the fallback. */
  static final class Pool extends TypePool.Default.WithLazyResolution {

    private final TypePool.CacheProvider.Simple cache;
    private final ClassLoader loader;

    Pool(ClassFileLocator classFileLocator, ClassLoader loader) {
      this(new TypePool.CacheProvider.Simple(), classFileLocator, loader);
    }

    private Pool(TypePool.CacheProvider.Simple cache, ClassFileLocator classFileLocator, ClassLoader loader) {
      super(cache, classFileLocator, TypePool.Default.ReaderMode.FAST);
      cache.register(Object.class.getName(), new Resolution.Simple(TypeDescription.ForLoadedType.of(Object.class)));
      this.cache = cache;
      this.loader = loader;
    }

    @Override
    protected Resolution doResolve(String name) {
      Resolution resolution = super.doResolve(name);
      if (resolution.isResolved()) {
        return resolution;
      }
      Resolution loaded;
      try {
        // Not initialised; the type is one the transformed class refers to, so its loader sees it.
        loaded = new Resolution.Simple(TypeDescription.ForLoadedType.of(Class.forName(name, false, loader)));
      } catch (ClassNotFoundException | LinkageError e) {
        return resolution;
      }
      // In place of the failed lookup the pool cached, which later lookups of the name would find.
      cache.getStorage().put(name, loaded);
      return loaded;
    }
  }
}
