package io.takumo.aegis.e2e;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A stand-in for a misbehaving other agent, started before ours: it loads
 * {@code sun.net.www.protocol.http.HttpURLConnection} in its {@code premain}, and answers any
 * later retransformation of that class with bytes that are not a class. Our agent, which weaves
 * an already loaded class by retransforming it, can then not weave it, and the JVM refuses the
 * retransformation: the class stays as the JDK has it. Nothing of this is in the product.
 */
public final class RetransformRefusingAgent {

  private static final String TARGET = "sun/net/www/protocol/http/HttpURLConnection";

  private RetransformRefusingAgent() {}

  public static void premain(String args, Instrumentation inst) throws ClassNotFoundException {
    Class.forName(TARGET.replace('/', '.'), false, null);
    inst.addTransformer(new ClassFileTransformer() {
      @Override
      public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        return TARGET.equals(name) && redefined != null ? new byte[] {0, 1, 2, 3} : null;
      }
    }, true);
  }

  /** A jar of this agent alone, for {@code -javaagent}. */
  static Path jar(Path dir) throws Exception {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Premain-Class", RetransformRefusingAgent.class.getName());
    manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
    Path jar = dir.resolve("retransform-refusing-agent.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      for (String suffix : new String[] {"", "$1"}) {
        String entry = RetransformRefusingAgent.class.getName().replace('.', '/') + suffix + ".class";
        out.putNextEntry(new JarEntry(entry));
        try (var in = RetransformRefusingAgent.class.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(out);
        }
        out.closeEntry();
      }
    }
    return jar;
  }
}
