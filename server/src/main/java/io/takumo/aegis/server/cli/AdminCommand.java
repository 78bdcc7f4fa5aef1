package io.takumo.aegis.server.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code takumo-server admin …}: everything goes through the admin API of a running server, found
 * through {@code --data DIR} on its machine, or {@code --url} and {@code --token}.
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
    description = "Manage a running gateway or coordinator through its admin API.",
    subcommands = {AdminCommand.Plans.class, AdminCommand.Orgs.class, AdminCommand.Keys.class, AdminCommand.Usage.class,
        AdminCommand.SigningKeyCommand.class, FleetAdminCommands.JoinKeys.class, FleetAdminCommands.Fleet.class})
final class AdminCommand {
  @Option(names = "--data", paramLabel = "DIR", scope = ScopeType.INHERIT, defaultValue = "${env:TAKUMO_SERVER_DATA}",
      description = "The gateway's data directory (its admin.json gives the URL and token). Env TAKUMO_SERVER_DATA.")
  Path data;

  @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT, defaultValue = "${env:TAKUMO_SERVER_ADMIN_URL}",
      description = "The admin API's URL, with --token. Env TAKUMO_SERVER_ADMIN_URL.")
  String url;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT, defaultValue = "${env:TAKUMO_SERVER_ADMIN_TOKEN}",
      description = "The admin token, or a key with the admin scope. Env TAKUMO_SERVER_ADMIN_TOKEN.")
  String token;

  AdminClient client() {
    return AdminClient.of(url, token, data);
  }

  static void print(CommandSpec spec, JsonObject json) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(json.encodePrettily());
    out.flush();
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Command(name = "plans", mixinStandardHelpOptions = true, description = "Plans: limits shared by the orgs on them.",
      subcommands = {Plans.Create.class, Plans.ListPlans.class})
  static final class Plans {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a plan.")
    static final class Create implements Runnable {
      private static final Pattern RATE = Pattern.compile("(\\d{1,9})(?:/min)?");

      @ParentCommand
      Plans plans;
      @Spec
      CommandSpec spec;
      @Parameters(paramLabel = "NAME", description = "The plan's name.")
      String name;
      @Option(names = "--rate-limit", paramLabel = "N/min", description = "Requests per minute per org (a fixed one-minute window).")
      String rateLimit;
      @Option(names = "--requests-per-month", paramLabel = "N", description = "Requests per calendar month (UTC) per org.")
      Long requestsPerMonth;
      @Option(names = "--credits-per-month", paramLabel = "USD", description = "Credits per calendar month per org, in US dollars.")
      String creditsPerMonth;
      @Option(names = "--providers", paramLabel = "P1,P2", split = ",",
          description = "Providers the plan includes (openai, anthropic, gemini); default: all.")
      String[] providers;

      @Override
      public void run() {
        JsonObject body = new JsonObject().put("name", name);
        if (rateLimit != null) {
          Matcher m = RATE.matcher(rateLimit.trim());
          if (!m.matches() || Integer.parseInt(m.group(1)) < 1) {
            throw new CliError(CliError.BAD_INPUT, "--rate-limit: expected N/min with N >= 1, got '" + rateLimit + "'");
          }
          body.put("rate_limit_per_minute", Integer.parseInt(m.group(1)));
        }
        if (requestsPerMonth != null) {
          if (requestsPerMonth < 0) {
            throw new CliError(CliError.BAD_INPUT, "--requests-per-month must be 0 or more");
          }
          body.put("requests_per_month", requestsPerMonth);
        }
        if (creditsPerMonth != null) {
          try {
            body.put("credits_per_month_usd", new BigDecimal(creditsPerMonth.trim().replaceFirst("^\\$", "")));
          } catch (NumberFormatException e) {
            throw new CliError(CliError.BAD_INPUT, "--credits-per-month: expected US dollars (e.g. 25 or 12.50), got '"
                + creditsPerMonth + "'");
          }
        }
        if (providers != null) {
          body.put("providers", new JsonArray(Arrays.stream(providers).map(String::trim).filter(p -> !p.isEmpty()).toList()));
        }
        print(spec, plans.admin.client().post("/admin/v1/plans", body));
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the plans.")
    static final class ListPlans implements Runnable {
      @ParentCommand
      Plans plans;
      @Spec
      CommandSpec spec;

      @Override
      public void run() {
        print(spec, plans.admin.client().get("/admin/v1/plans"));
      }
    }
  }

  @Command(name = "orgs", mixinStandardHelpOptions = true, description = "Orgs: the owners of API keys.",
      subcommands = {Orgs.Create.class, Orgs.ListOrgs.class, Orgs.Policy.class})
  static final class Orgs {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an org on a plan.")
    static final class Create implements Runnable {
      @ParentCommand
      Orgs orgs;
      @Spec
      CommandSpec spec;
      @Parameters(paramLabel = "NAME", description = "The org's name.")
      String name;
      @Option(names = "--plan", paramLabel = "PLAN", required = true, description = "The org's plan.")
      String plan;

      @Override
      public void run() {
        print(spec, orgs.admin.client().post("/admin/v1/orgs", new JsonObject().put("name", name).put("plan", plan)));
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the orgs.")
    static final class ListOrgs implements Runnable {
      @ParentCommand
      Orgs orgs;
      @Spec
      CommandSpec spec;

      @Override
      public void run() {
        print(spec, orgs.admin.client().get("/admin/v1/orgs"));
      }
    }

    @Command(name = "policy", mixinStandardHelpOptions = true,
        description = "The org policy agents receive in the handshake (docs/gateway-protocol.md, \"The org policy\").",
        subcommands = {Policy.Set.class, Policy.Show.class})
    static final class Policy {
      @ParentCommand
      Orgs orgs;

      static String path(String org) {
        return "/admin/v1/orgs/" + query(org) + "/policy";
      }

      @Command(name = "set", mixinStandardHelpOptions = true,
          description = "Set an org's policy from a JSON file (checked by the agent's own parser; {} removes it).")
      static final class Set implements Runnable {
        @ParentCommand
        Policy policy;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ORG", description = "The org.")
        String org;
        @Option(names = "--file", paramLabel = "FILE", required = true, description = "The policy, a JSON object.")
        Path file;

        @Override
        public void run() {
          String text;
          try {
            text = Files.readString(file, StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new CliError(CliError.BAD_INPUT, "--file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
          }
          print(spec, policy.orgs.admin.client().put(path(org), text));
        }
      }

      @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an org's policy.")
      static final class Show implements Runnable {
        @ParentCommand
        Policy policy;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "ORG", description = "The org.")
        String org;

        @Override
        public void run() {
          print(spec, policy.orgs.admin.client().get(path(org)));
        }
      }
    }
  }

  @Command(name = "keys", mixinStandardHelpOptions = true, description = "An org's API keys.",
      subcommands = {Keys.Create.class, Keys.ListKeys.class, Keys.Revoke.class})
  static final class Keys {
    @ParentCommand
    AdminCommand admin;

    @Command(name = "create", mixinStandardHelpOptions = true,
        description = "Create a key; the key is printed once, alone on the last line, and never again.")
    static final class Create implements Runnable {
      @ParentCommand
      Keys keys;
      @Spec
      CommandSpec spec;
      @Option(names = "--org", paramLabel = "ORG", required = true, description = "The key's org.")
      String org;
      @Option(names = "--scopes", paramLabel = "S1,S2", required = true, split = ",",
          description = "llm:chat, llm:embeddings, llm:read, admin.")
      String[] scopes;
      @Option(names = "--name", paramLabel = "NAME", description = "A name to tell the key by.")
      String name;

      @Override
      public void run() {
        JsonObject body = new JsonObject().put("org", org).put("scopes", new JsonArray(Arrays.asList(scopes)));
        if (name != null) {
          body.put("name", name);
        }
        JsonObject created = keys.admin.client().post("/admin/v1/keys", body);
        String key = (String) created.remove("key");
        PrintWriter out = spec.commandLine().getOut();
        out.println(created.encodePrettily());
        out.println(key);
        out.flush();
      }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an org's keys (never the keys themselves).")
    static final class ListKeys implements Runnable {
      @ParentCommand
      Keys keys;
      @Spec
      CommandSpec spec;
      @Option(names = "--org", paramLabel = "ORG", required = true, description = "The org.")
      String org;

      @Override
      public void run() {
        print(spec, keys.admin.client().get("/admin/v1/keys?org=" + query(org)));
      }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revoke a key: refused from its next request on.")
    static final class Revoke implements Runnable {
      @ParentCommand
      Keys keys;
      @Spec
      CommandSpec spec;
      @Parameters(paramLabel = "KEY_ID_OR_PREFIX", description = "The key's id (key_…) or prefix (tk_live_ and 8 characters).")
      String idOrPrefix;

      @Override
      public void run() {
        if (!idOrPrefix.matches("[A-Za-z0-9_]{1,64}")) {
          throw new CliError(CliError.BAD_INPUT, "expected a key id (key_…) or prefix (tk_live_…), got something else");
        }
        print(spec, keys.admin.client().post("/admin/v1/keys/" + idOrPrefix + "/revoke", new JsonObject()));
      }
    }
  }

  @Command(name = "usage", mixinStandardHelpOptions = true,
      description = "An org's requests and credits this calendar month (UTC), by key and provider, as JSON.")
  static final class Usage implements Runnable {
    @ParentCommand
    AdminCommand admin;
    @Spec
    CommandSpec spec;
    @Option(names = "--org", paramLabel = "ORG", required = true, description = "The org.")
    String org;
    @Option(names = "--month", paramLabel = "yyyy-MM", description = "Another month than this one.")
    String month;

    @Override
    public void run() {
      print(spec, admin.client().get("/admin/v1/usage?org=" + query(org) + (month == null ? "" : "&month=" + query(month))));
    }
  }

  @Command(name = "signing-key", mixinStandardHelpOptions = true,
      description = "Print the public key(s) agents pin (gateway-public-key, TAKUMO_GATEWAY_PUBLIC_KEY), in PEM.")
  static final class SigningKeyCommand implements Runnable {
    @ParentCommand
    AdminCommand admin;
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      out.print(admin.client().get("/admin/v1/signing-key").getString("pem"));
      out.flush();
    }
  }
}
