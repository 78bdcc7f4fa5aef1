package io.takumo.aegis.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.takumo.aegis.server.config.HostPort;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * deploy/kubernetes/ checked without a cluster: each document read into Kubernetes' typed model
 * (fabric8's, the API's own schema), failing on a field the schema does not have or a value of the
 * wrong type; then what docs/kubernetes.md and the troubleshooting page promise of it, with the
 * containers' arguments parsed by the server's own command line. Every failure is an AssertionError
 * naming the file and the rule.
 */
final class KubernetesManifests {
  static final String NAMESPACE = "takumo";
  static final String COORDINATOR = "aegis-coordinator";
  static final String GATEWAY = "aegis-gateway";
  static final int GRPC_PORT = 50051;
  /** A join key's shape, standing in for the Secret's value when the gateway's arguments are validated. */
  private static final String SOME_JOIN_KEY = "jk_" + "A".repeat(43);
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
  private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
      "v1/Namespace", Namespace.class, "v1/Service", Service.class, "v1/ConfigMap", ConfigMap.class,
      "apps/v1/Deployment", Deployment.class, "apps/v1/StatefulSet", StatefulSet.class);
  private static final YAMLMapper YAML = new YAMLMapper();
  /** Kubernetes' own decoding takes no string for a number: neither does this one. */
  private static final JsonMapper MODEL = JsonMapper.builder().disable(MapperFeature.ALLOW_COERCION_OF_SCALARS).build();

  private final Map<String, HasMetadata> byKindAndName = new LinkedHashMap<>();
  private final Map<HasMetadata, String> files = new LinkedHashMap<>();

  /** Reads every document of these files (name to YAML text). */
  KubernetesManifests(Map<String, String> yamlByFile) {
    yamlByFile.forEach((file, text) -> {
      try {
        int index = 0;
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll()) {
          index++;
          if (document == null || document.isNull() || document.isEmpty()) {
            continue;
          }
          String at = file + " (document " + index + ")";
          String kind = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
          Class<? extends HasMetadata> type = KINDS.get(kind);
          require(type != null, at + ": kind " + kind + " is not one these manifests use " + KINDS.keySet());
          HasMetadata resource;
          try {
            resource = MODEL.treeToValue(document, type);
          } catch (java.io.IOException | RuntimeException e) {
            throw new AssertionError(at + ": does not fit the " + kind + " schema: " + e.getMessage(), e);
          }
          unknownFields(resource, at + ": " + kind);
          require(byKindAndName.put(kind + "/" + resource.getMetadata().getName(), resource) == null,
              at + ": " + kind + " " + resource.getMetadata().getName() + " is defined twice");
          files.put(resource, file);
        }
      } catch (java.io.IOException e) {
        throw new AssertionError(file + ": not YAML: " + e.getMessage(), e);
      }
    });
  }

  /** Every rule; throws an AssertionError at the first broken one. */
  void check() {
    namespaced();
    servicesSelectTheirPodsAndNamedPorts();
    coordinator();
    gateway();
  }

  /** Everything in namespace takumo, which the Namespace defines. */
  private void namespaced() {
    require(byKindAndName.containsKey("v1/Namespace/" + NAMESPACE), "no Namespace " + NAMESPACE);
    files.forEach((resource, file) -> {
      if (!(resource instanceof Namespace)) {
        require(NAMESPACE.equals(resource.getMetadata().getNamespace()),
            file + ": " + resource.getKind() + " " + resource.getMetadata().getName() + " is not in namespace " + NAMESPACE);
      }
    });
  }

  /** Each Service selects a workload's pods, and each of its target ports is one their container declares. */
  private void servicesSelectTheirPodsAndNamedPorts() {
    for (HasMetadata resource : files.keySet()) {
      if (resource instanceof Service service) {
        PodTemplateSpec pods = selected(service);
        for (ServicePort port : service.getSpec().getPorts()) {
          containerPort(pods, port.getTargetPort(), "Service " + service.getMetadata().getName() + " port " + port.getName());
        }
      }
    }
  }

  private void coordinator() {
    Service service = service(COORDINATOR);
    Container container = onlyContainer(workload(COORDINATOR));
    CoordinatorCommand command = (CoordinatorCommand) parse(container, "coordinator");
    HostPort grpc = HostPort.parse(command.grpcListen, "--grpc-listen");
    HostPort http = HostPort.parse(command.httpListen, "--http-listen");
    ServicePort grpcPort = servicePort(service, GRPC_PORT);
    require(containerPort(workload(COORDINATOR), grpcPort.getTargetPort(), "coordinator gRPC") == grpc.port(),
        "Service " + COORDINATOR + " port " + GRPC_PORT + " does not reach --grpc-listen's port " + grpc.port());
    require(service.getSpec().getPorts().stream().anyMatch(p ->
            containerPort(workload(COORDINATOR), p.getTargetPort(), "coordinator HTTP") == http.port()),
        "Service " + COORDINATOR + " exposes no port reaching --http-listen's port " + http.port());
    listensBeyondLoopback(grpc, "coordinator --grpc-listen");
    listensBeyondLoopback(http, "coordinator --http-listen");
    fromSecret(container, "TAKUMO_SERVER_DB", "the coordinator's PostgreSQL JDBC URL");
    probe(container.getReadinessProbe(), "/readyz", http.port(), workload(COORDINATOR), "coordinator readiness");
    probe(container.getLivenessProbe(), "/healthz", http.port(), workload(COORDINATOR), "coordinator liveness");
  }

  private void gateway() {
    PodTemplateSpec pods = workload(GATEWAY);
    Container container = onlyContainer(pods);
    GatewayCommand command = (GatewayCommand) parse(container, "gateway");
    require(command.joinKey == null, "the gateway's join key is an argument (ps shows it): take it from a Secret");
    fromSecret(container, "TAKUMO_SERVER_JOIN_KEY", "the gateway's join key");
    command.joinKey = SOME_JOIN_KEY;
    try {
      command.fleetConfig();
      command.config();
    } catch (IllegalArgumentException e) {
      throw new AssertionError("the gateway would refuse its arguments: " + e.getMessage(), e);
    }
    require((COORDINATOR + "." + NAMESPACE + ".svc:" + GRPC_PORT).equals(command.coordinator),
        "the gateway's --coordinator is not " + COORDINATOR + "." + NAMESPACE + ".svc:" + GRPC_PORT + " but " + command.coordinator);
    servicePort(service(COORDINATOR), GRPC_PORT);
    HostPort listen = HostPort.parse(command.listen, "--listen");
    HostPort admin = HostPort.parse(command.adminListen, "--admin-listen");
    listensBeyondLoopback(listen, "gateway --listen");
    listensBeyondLoopback(admin, "gateway --admin-listen");
    probe(container.getReadinessProbe(), "/readyz", admin.port(), pods, "gateway readiness");
    probe(container.getLivenessProbe(), "/healthz", admin.port(), pods, "gateway liveness");
    List<String> args = container.getArgs();
    int redis = args.indexOf("--redis");
    require(redis >= 0, "the gateway has no --redis: replicas would not share limits and sessions");
    java.net.URI url = java.net.URI.create(args.get(redis + 1));
    String[] host = url.getHost().split("\\.");
    require(host.length == 3 && host[1].equals(NAMESPACE) && host[2].equals("svc"),
        "--redis " + url.getHost() + " is not a Service of namespace " + NAMESPACE + " (NAME." + NAMESPACE + ".svc)");
    servicePort(service(host[0]), url.getPort());
  }

  /** The container's arguments as takumo-server parses them (the image's entrypoint is bin/takumo-server). */
  private Object parse(Container container, String subcommand) {
    List<String> args = container.getArgs();
    require(args != null && !args.isEmpty() && args.get(0).equals(subcommand),
        "container " + container.getName() + " does not run takumo-server " + subcommand);
    ParseResult result;
    try {
      result = new CommandLine(new ServerMain()).parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      throw new AssertionError("takumo-server refuses the arguments of " + container.getName() + ": " + e.getMessage(), e);
    }
    Set<String> read = variables(subcommand);
    for (EnvVar env : container.getEnv()) {
      require(!env.getName().startsWith("TAKUMO_SERVER_") || read.contains(env.getName()),
          "container " + container.getName() + " sets " + env.getName() + ", which takumo-server " + subcommand + " does not read");
    }
    return result.subcommand().commandSpec().userObject();
  }

  /** The variables a subcommand's options read (their defaults, uninterpolated, name them). */
  static Set<String> variables(String subcommand) {
    CommandLine cli = new CommandLine(new ServerMain()).setInterpolateVariables(false);
    Set<String> names = new TreeSet<>();
    for (OptionSpec option : cli.getSubcommands().get(subcommand).getCommandSpec().options()) {
      Matcher env = ENV.matcher(String.valueOf(option.defaultValue()));
      if (env.find()) {
        names.add(env.group(1));
      }
    }
    return names;
  }

  private static void fromSecret(Container container, String variable, String what) {
    EnvVar env = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
        .orElseThrow(() -> new AssertionError(what + ": container " + container.getName() + " has no " + variable));
    require(env.getValue() == null && env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null,
        what + " (" + variable + ") does not come from a Secret");
  }

  /** Secrets the manifests read (they are created by hand: docs/kubernetes.md), by name. */
  Set<String> secretNames() {
    Set<String> names = new TreeSet<>();
    for (HasMetadata resource : files.keySet()) {
      PodTemplateSpec pods = template(resource);
      if (pods == null) {
        continue;
      }
      pods.getSpec().getContainers().forEach(c -> c.getEnv().stream()
          .filter(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null)
          .forEach(e -> names.add(e.getValueFrom().getSecretKeyRef().getName())));
      pods.getSpec().getVolumes().stream().filter(v -> v.getSecret() != null).forEach(v -> names.add(v.getSecret().getSecretName()));
    }
    return names;
  }

  private static void probe(Probe probe, String path, int port, PodTemplateSpec pods, String what) {
    require(probe != null && probe.getHttpGet() != null, what + ": no HTTP probe");
    HTTPGetAction get = probe.getHttpGet();
    require(path.equals(get.getPath()), what + " probes " + get.getPath() + ", not " + path);
    require(containerPort(pods, get.getPort(), what) == port, what + " probes another port than " + port);
  }

  private static void listensBeyondLoopback(HostPort at, String flag) {
    require(at.host().equals("0.0.0.0") || at.host().equals("::"), flag + " " + at + " is not reachable from outside the pod");
  }

  /** The container port a Service's or probe's port names (by name or number). */
  private static int containerPort(PodTemplateSpec pods, IntOrString port, String what) {
    require(port != null, what + ": no port");
    List<ContainerPort> declared = new ArrayList<>();
    pods.getSpec().getContainers().forEach(c -> declared.addAll(c.getPorts()));
    for (ContainerPort p : declared) {
      if (port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort())) {
        return p.getContainerPort();
      }
    }
    throw new AssertionError(what + ": port " + (port.getStrVal() != null ? port.getStrVal() : port.getIntVal())
        + " is not a port the container declares");
  }

  private static ServicePort servicePort(Service service, int port) {
    return service.getSpec().getPorts().stream().filter(p -> p.getPort() == port).findFirst()
        .orElseThrow(() -> new AssertionError("Service " + service.getMetadata().getName() + " does not expose port " + port));
  }

  private PodTemplateSpec selected(Service service) {
    Map<String, String> selector = service.getSpec().getSelector();
    require(selector != null && !selector.isEmpty(), "Service " + service.getMetadata().getName() + " selects nothing");
    return files.keySet().stream().map(KubernetesManifests::template)
        .filter(t -> t != null && t.getMetadata().getLabels().entrySet().containsAll(selector.entrySet())).findFirst()
        .orElseThrow(() -> new AssertionError("Service " + service.getMetadata().getName() + " selects no workload's pods"));
  }

  private Service service(String name) {
    HasMetadata service = byKindAndName.get("v1/Service/" + name);
    require(service != null, "no Service " + name);
    return (Service) service;
  }

  private PodTemplateSpec workload(String name) {
    HasMetadata workload = byKindAndName.get("apps/v1/Deployment/" + name);
    require(workload != null, "no Deployment " + name);
    PodTemplateSpec pods = template(workload);
    Map<String, String> matched = ((Deployment) workload).getSpec().getSelector().getMatchLabels();
    require(pods.getMetadata().getLabels().entrySet().containsAll(matched.entrySet()),
        "Deployment " + name + "'s selector does not match its own pods");
    return pods;
  }

  private static Container onlyContainer(PodTemplateSpec pods) {
    require(pods.getSpec().getContainers().size() == 1, "expected one container");
    return pods.getSpec().getContainers().get(0);
  }

  private static PodTemplateSpec template(HasMetadata resource) {
    if (resource instanceof Deployment d) {
      return d.getSpec().getTemplate();
    }
    if (resource instanceof StatefulSet s) {
      return s.getSpec().getTemplate();
    }
    return null;
  }

  /** fabric8 keeps fields its schema lacks in additionalProperties instead of failing: walk the tree for any. */
  private static void unknownFields(Object node, String path) {
    if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]");
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k));
      return;
    }
    if (node == null || !node.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers()) || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (getter.getName().equals("getAdditionalProperties")) {
        require(value == null || ((Map<?, ?>) value).isEmpty(),
            path + " (" + node.getClass().getSimpleName() + "): fields the schema does not have: " + ((Map<?, ?>) value).keySet());
      } else {
        unknownFields(value, path + "." + Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4));
      }
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new AssertionError(message);
    }
  }
}
