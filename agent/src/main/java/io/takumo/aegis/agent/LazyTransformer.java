package io.takumo.aegis.agent;

import io.takumo.aegis.log.AegisLog;
import java.io.IOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Filters class loads by exact name before anything of ByteBuddy (or of the engine) is touched,
 * and runs the {@link Activation} only when a target class actually loads (or when the warm-up
 * thread asks for it). Most of an agent's start-up cost is loading its weaving library; this
 * keeps it off the app's start-up path, and every other class costs one hash lookup.
 */
final class LazyTransformer implements ClassFileTransformer {

  /** What the transformer is when the activation failed: it transforms nothing. */
  private static final ClassFileTransformer INERT = new ClassFileTransformer() {};

  private final Set<String> targets;
  private final Set<String> binaryNames;
  private final Activation activation;
  private final java.lang.instrument.Instrumentation inst;
  private volatile ClassFileTransformer delegate;
  /** The thread running the activation, while it runs; guarded by this. */
  private Thread activating;
  /** Whether the activation itself loaded a target, which is then rewoven once it is done. */
  private boolean targetLoadedWhileActivating;
  /**
   * The targets woven. Describing an already loaded class (a retransformation:
   * {@code LoadedTypeFallbackPool}) can load other classes, targets among them (describing
   * {@code HttpURLConnection} loads {@code sun.net.www.http.HttpClient}), and the JVM does not call
   * an agent's transformers for a class that loads while they run on that thread: such a target
   * is left as it loaded, and is rewoven after ({@link #reweaveUnwoven}).
   */
  private final Set<String> woven = ConcurrentHashMap.newKeySet();
  /** The targets whose retransformation the JVM refused: not tried again. */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private static final String REWEAVE_THREAD = "takumo-aegis-reweave";

  LazyTransformer(Set<String> targets, Activation activation, java.lang.instrument.Instrumentation inst) {
    this.targets = targets;
    this.binaryNames = new HashSet<>();
    for (String target : targets) {
      binaryNames.add(target.replace('/', '.'));
    }
    this.activation = activation;
    this.inst = inst;
  }

  /** Whether {@code loaded} is a target; by its binary name, which costs no string per class. */
  boolean isTarget(Class<?> loaded) {
    return binaryNames.contains(loaded.getName());
  }

  /**
   * Activates the agent and builds the ByteBuddy transformer now, if not yet done. Returns
   * {@code null} only to the activation's own thread while it runs.
   */
  ClassFileTransformer delegate() {
    ClassFileTransformer d = delegate;
    if (d != null) {
      return d;
    }
    boolean reweave;
    synchronized (this) {
      d = delegate;
      if (d != null) {
        return d;
      }
      if (activating == Thread.currentThread()) {
        targetLoadedWhileActivating = true;
        return null;
      }
      activating = Thread.currentThread();
      try {
        d = activation.activate();
      } catch (IOException | RuntimeException | LinkageError e) {
        // As when premain itself fails: said once, and then nothing is woven.
        System.err.println("[takumo-aegis] ERROR the agent did not start and is inactive: " + e);
        d = INERT;
      } finally {
        activating = null;
      }
      delegate = d;
      reweave = targetLoadedWhileActivating;
    }
    if (reweave && d != INERT) {
      AgentInstaller.retransformLoadedTargets(inst, this);
    }
    return d;
  }

  /** What became of the classes woven so far; {@code null} until the activation has run. */
  WeavingReport weavingReport() {
    return activation.weavingReport();
  }

  /** As {@link #delegate}; a class load that has to wait for it also starts the engine's warm-up. */
  private ClassFileTransformer delegateForClassLoad() {
    ClassFileTransformer d = delegate;
    if (d != null) {
      return d;
    }
    activation.warmUpEngine();
    return delegate();
  }

  @Override
  public byte[] transform(
      Module module, ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    return weave(loader, className, d -> d.transform(module, loader, className, redefined, domain, bytes), redefined != null);
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes)
      throws IllegalClassFormatException {
    return weave(loader, className, d -> d.transform(loader, className, redefined, domain, bytes), redefined != null);
  }

  /** One of the delegate's {@code transform} methods. */
  private interface Weaving {
    byte[] apply(ClassFileTransformer delegate) throws IllegalClassFormatException;
  }

  private byte[] weave(ClassLoader loader, String className, Weaving weave, boolean retransforming)
      throws IllegalClassFormatException {
    if (className == null || !targets.contains(className)) {
      return null;
    }
    ClassFileTransformer d = delegateForClassLoad();
    if (d == null) {
      return null;
    }
    try {
      byte[] result = weave.apply(d);
      if (result != null) {
        woven.add(className);
      }
      return result;
    } finally {
      if (retransforming && !REWEAVE_THREAD.equals(Thread.currentThread().getName())) {
        // Inside the JVM's transformation: the reweaving runs on a thread of its own.
        Thread t = new Thread(this::reweaveUnwoven, REWEAVE_THREAD);
        t.setDaemon(true);
        t.start();
      }
    }
  }

  /** The JVM refused to retransform {@code c}: it is reported, and not tried again. */
  void refused(Class<?> c, Throwable e) {
    refused.add(c.getName().replace('.', '/'));
    WeavingReport report = weavingReport();
    if (report != null) {
      report.notWoven(c.getName(), "retransformation refused: " + WeavingReport.reason(e));
    } else {
      AegisLog.get().warn("could not instrument already loaded class " + c.getName() + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** Reweaves the loaded targets that are not woven (see {@link #woven}), once each. */
  void reweaveUnwoven() {
    if (woven.size() + refused.size() >= targets.size()) {
      return;
    }
    for (Class<?> c : inst.getAllLoadedClasses()) {
      String name = isTarget(c) ? c.getName().replace('.', '/') : null;
      if (name != null && !woven.contains(name) && !refused.contains(name) && inst.isModifiableClass(c)) {
        try {
          inst.retransformClasses(c);
        } catch (UnmodifiableClassException | RuntimeException | LinkageError e) {
          refused(c, e);
        }
      }
    }
  }
}
