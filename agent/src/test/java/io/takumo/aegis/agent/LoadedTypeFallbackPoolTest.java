package io.takumo.aegis.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.loading.ByteArrayClassLoader;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

/**
 * A class another agent gave an interface of its own, defined where no class file can be read back
 * (as OpenTelemetry does to {@code HttpURLConnection}): weaving it needs that interface described.
 */
class LoadedTypeFallbackPoolTest {

  private final DynamicType.Unloaded<?> marker =
      new ByteBuddy().makeInterface().name("other.agent.InstalledMarker").make();
  private final DynamicType.Unloaded<?> target =
      new ByteBuddy().subclass(Object.class).implement(marker.getTypeDescription()).name("app.Client").make();
  /** Holds the marker, loaded, but hands out no class file for it (its bytes are dropped once loaded). */
  private final ClassLoader loader =
      new ByteArrayClassLoader(null, Map.of(marker.getTypeDescription().getName(), marker.getBytes()),
          ByteArrayClassLoader.PersistenceHandler.LATENT);
  /** What the weaver is given: the class being loaded, then its loader's class files. */
  private final ClassFileLocator locator =
      new ClassFileLocator.Compound(ClassFileLocator.Simple.of("app.Client", target.getBytes()), ClassFileLocator.ForClassLoader.of(loader));

  @Test
  void theSetUpIsTheFailure() throws Exception {
    Class.forName("other.agent.InstalledMarker", false, loader);
    assertNull(loader.getResource("other/agent/InstalledMarker.class"), "the marker's class file can be read");
    TypePool byDefault = new TypePool.Default.WithLazyResolution(
        TypePool.CacheProvider.Simple.withObjectType(), locator, TypePool.Default.ReaderMode.FAST);
    assertThrows(TypePool.Resolution.NoSuchTypeException.class, () -> methodGraphOf(byDefault));
  }

  @Test
  void aLoadedTypeWithoutAClassFileIsDescribedFromTheClass() throws Exception {
    Class.forName("other.agent.InstalledMarker", false, loader);
    TypePool pool = new LoadedTypeFallbackPool().typePool(locator, loader);
    methodGraphOf(pool);
    TypeDescription client = pool.describe("app.Client").resolve();
    assertEquals("other.agent.InstalledMarker", client.getInterfaces().asErasures().getOnly().getName());
    // Asked again, the pool answers from its cache, not the failed lookup it made first.
    assertEquals("other.agent.InstalledMarker", pool.describe("other.agent.InstalledMarker").resolve().getName());
  }

  @Test
  void aTypeThatIsNowhereStaysUnresolved() {
    TypePool pool = new LoadedTypeFallbackPool().typePool(locator, loader);
    assertEquals(false, pool.describe("no.such.Type").isResolved());
  }

  /** What weaving with advice asks of the class first (its method graph needs every interface). */
  private static void methodGraphOf(TypePool pool) {
    MethodGraph.Compiler.DEFAULT.compile((net.bytebuddy.description.type.TypeDefinition) pool.describe("app.Client").resolve());
  }
}
