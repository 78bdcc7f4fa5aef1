package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shipped jar leaks nothing onto the app's class path: every entry sits under our package or
 * META-INF, and the only loadable classes are the launcher and the bootstrap bridge; the engine,
 * instrumentations and relocated dependencies are stored where only the agent's loader reads them.
 */
class ShadingTest {

  @Test
  void everyEntryIsUnderOurPackage() throws Exception {
    List<String> strays = new ArrayList<>();
    try (JarFile jar = new JarFile(AppRunner.AGENT_JAR.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (!name.startsWith("io/takumo/aegis/") && !name.startsWith("META-INF/")) {
          strays.add(name);
        }
      }
    }
    assertEquals(List.of(), strays);
  }

  @Test
  void onlyTheLauncherAndTheBridgeAreLoadableClasses() throws Exception {
    List<String> loadable = new ArrayList<>();
    int hidden = 0;
    try (JarFile jar = new JarFile(AppRunner.AGENT_JAR.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (name.endsWith(".class")) {
          loadable.add(name);
        } else if (name.endsWith(".classdata")) {
          assertTrue(name.startsWith("io/takumo/aegis/inst/"), name);
          hidden++;
        }
      }
    }
    for (String name : loadable) {
      assertTrue(name.startsWith("io/takumo/aegis/launcher/") || name.startsWith("io/takumo/aegis/bootstrap/"), name);
    }
    assertTrue(hidden > 1000, "relocated dependencies present: " + hidden);
  }

  @Test
  void relocatedDependenciesAreUnderOurPrefix() throws Exception {
    try (JarFile jar = new JarFile(AppRunner.AGENT_JAR.toFile())) {
      for (String dependency : List.of("bytebuddy", "jackson", "re2j", "snakeyaml")) {
        assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith("io/takumo/aegis/inst/io/takumo/aegis/shaded/" + dependency + "/")),
            dependency + " relocated");
      }
    }
  }

  @Test
  void theManifestMakesItBothAnAgentAndACommand() throws Exception {
    try (JarFile jar = new JarFile(AppRunner.AGENT_JAR.toFile())) {
      Attributes main = jar.getManifest().getMainAttributes();
      assertEquals("io.takumo.aegis.launcher.AegisAgent", main.getValue("Premain-Class"));
      assertEquals("io.takumo.aegis.launcher.AegisAgent", main.getValue("Agent-Class"));
      assertEquals("io.takumo.aegis.launcher.AegisMain", main.getValue("Main-Class"));
      assertEquals("true", main.getValue("Can-Retransform-Classes"));
    }
  }
}
