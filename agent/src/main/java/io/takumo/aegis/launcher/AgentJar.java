package io.takumo.aegis.launcher;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.jar.JarFile;

/** Finds the jar this launcher was loaded from, and builds the agent's isolated class loader. */
final class AgentJar {

  private AgentJar() {}

  static File locate() throws IOException {
    URL location = AgentJar.class.getProtectionDomain().getCodeSource().getLocation();
    try {
      File file = new File(location.toURI());
      if (!file.isFile()) {
        throw new IOException("the agent is not running from a jar: " + file);
      }
      return file;
    } catch (URISyntaxException e) {
      throw new IOException("cannot locate the agent jar: " + location, e);
    }
  }

  static ClassLoader isolatedLoader(File file) throws IOException {
    return new AgentClassLoader(new JarFile(file, false), file.toURI().toURL(), ClassLoader.getPlatformClassLoader());
  }
}
