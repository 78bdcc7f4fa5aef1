package io.takumo.aegis.server.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code admin join-keys …} and {@code admin fleet …}: a coordinator's fleet, through its admin API. */
final class FleetAdminCommands {
  private FleetAdminCommands() {
  }

  private static String idArgument(String value, String what) {
    if (!value.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new CliError(CliError.BAD_INPUT, "expected " + what + ", got something else");
    }
    return value;
  }

  @Command(name = "join-keys", mixinStandardHelpOptions = true,
      description = "Join keys: what a gateway presents to join the coordinator's fleet.",
      subcommands = {JoinKeys.Create.class, JoinKeys.ListJoinKeys.class, JoinKeys.Revoke.class})
  static final class JoinKeys {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a join key; it is printed once, alone on the last line, and never again.")
    static final class Create implements Runnable {
      @ParentCommand
      JoinKeys joinKeys;
      @Spec
      CommandSpec spec;
      @Option(names = "--name", paramLabel = "NAME", required = true, description = "A name to tell the join key by.")
      String name;

      @Override
      public void run() {
        JsonObject created = joinKeys.admin.client().post("/admin/v1/join-keys", new JsonObject().put("name", name));
        String joinKey = (String) created.remove("join_key");
        PrintWriter out = spec.commandLine().getOut();
        out.println(created.encodePrettily());
        out.println(joinKey);
        out.flush();
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the join keys (never the keys themselves).")
    static final class ListJoinKeys implements Runnable {
      @ParentCommand
      JoinKeys joinKeys;
      @Spec
      CommandSpec spec;

      @Override
      public void run() {
        AdminCommand.print(spec, joinKeys.admin.client().get("/admin/v1/join-keys"));
      }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a join key: every new join with it is refused at once (joined gateways stay).")
    static final class Revoke implements Runnable {
      @ParentCommand
      JoinKeys joinKeys;
      @Spec
      CommandSpec spec;
      @Parameters(paramLabel = "ID_PREFIX_OR_NAME", description = "The join key's id (jkid_…), prefix (jk_ and 8 characters) or name.")
      String id;

      @Override
      public void run() {
        String path = "/admin/v1/join-keys/" + idArgument(id, "a join key id, prefix or name") + "/revoke";
        AdminCommand.print(spec, joinKeys.admin.client().post(path, new JsonObject()));
      }
    }
  }

  @Command(name = "fleet", mixinStandardHelpOptions = true, description = "The gateways that joined the coordinator.",
      subcommands = {Fleet.ListFleet.class, Fleet.Remove.class})
  static final class Fleet {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "list", mixinStandardHelpOptions = true,
        description = "Each gateway's id, name, join key, version, address, connection, last seen and acked config version, as JSON.")
    static final class ListFleet implements Runnable {
      @ParentCommand
      Fleet fleet;
      @Spec
      CommandSpec spec;

      @Override
      public void run() {
        AdminCommand.print(spec, fleet.admin.client().get("/admin/v1/fleet"));
      }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Close a gateway's stream and refuse its identity from now on.")
    static final class Remove implements Runnable {
      @ParentCommand
      Fleet fleet;
      @Spec
      CommandSpec spec;
      @Parameters(paramLabel = "GATEWAY_ID", description = "The gateway's id (gw_…), from fleet list.")
      String id;

      @Override
      public void run() {
        String path = "/admin/v1/fleet/" + idArgument(id, "a gateway id (gw_…)") + "/remove";
        AdminCommand.print(spec, fleet.admin.client().post(path, new JsonObject()));
      }
    }
  }
}
