package io.takumo.aegis.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** docs/server.md's configuration table and the CLI's options stay in step: each flag, with its variable. */
class ConfigurationDocsTest {
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  private static final Pattern ROW = Pattern.compile("^\\| `(gateway|coordinator|admin) (--[a-z-]+)[^`]*` \\| `([A-Z0-9_]+)` \\|", Pattern.MULTILINE);

  @Test
  void everyFlagIsInTheTableWithItsEnvironmentVariableAndNothingElseIs() throws Exception {
    Path docs = Path.of(System.getProperty("takumo.server.home", ".."), "docs", "server.md");
    Map<String, String> documented = new TreeMap<>();
    Matcher row = ROW.matcher(Files.readString(docs));
    while (row.find()) {
      documented.put(row.group(1) + " " + row.group(2), row.group(3));
    }
    Map<String, String> declared = new TreeMap<>();
    // Uninterpolated, the defaults show the ${env:…} they come from.
    CommandLine cli = new CommandLine(new ServerMain()).setInterpolateVariables(false);
    for (String command : new String[] {"gateway", "coordinator", "admin"}) {
      for (OptionSpec option : cli.getSubcommands().get(command).getCommandSpec().options()) {
        if (option.usageHelp() || option.versionHelp()) {
          continue;
        }
        Matcher env = ENV.matcher(String.valueOf(option.defaultValue()));
        assertTrue(env.find(), command + " " + option.longestName() + " has no environment variable");
        declared.put(command + " " + option.longestName(), env.group(1));
      }
    }
    assertEquals(declared, documented);
  }
}
