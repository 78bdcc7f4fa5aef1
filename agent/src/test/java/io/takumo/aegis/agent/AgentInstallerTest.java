package io.takumo.aegis.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.config.Mode;
import io.takumo.aegis.instrument.Instrumentation;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AgentInstallerTest {

  /** Premain filters class loads by a list of its own: it must name exactly what the instrumentations weave. */
  @Test
  void premainsTargetListIsExactlyWhatTheInstrumentationsWeave() {
    for (Mode mode : Mode.values()) {
      Set<String> woven = new TreeSet<>();
      for (Instrumentation instrumentation : AgentInstaller.instrumentations(mode)) {
        woven.addAll(instrumentation.targetTypes());
      }
      assertEquals(woven, new TreeSet<>(AgentInstaller.targetTypes(mode)), "mode " + mode);
    }
  }
}
