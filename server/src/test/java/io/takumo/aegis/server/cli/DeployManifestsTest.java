package io.takumo.aegis.server.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes manifests (deploy/kubernetes/) pass the schema and the rules of
 * {@link KubernetesManifests}, and each way of breaking them that the troubleshooting page would
 * pay for is caught: a misspelt field, a wrong type, a flag or variable the server does not know,
 * the join key inline, another namespace or port.
 */
class DeployManifestsTest {
  private static final Path HOME = Path.of(System.getProperty("takumo.server.home", ".."));
  private static final Path MANIFESTS = HOME.resolve("deploy/kubernetes");

  @Test
  void theShippedManifestsPassTheSchemaAndEveryRule() throws IOException {
    new KubernetesManifests(files()).check();
  }

  @Test
  void everySecretTheManifestsReadIsCreatedInTheDeploymentGuide() throws IOException {
    String guide = Files.readString(HOME.resolve("docs/kubernetes.md"));
    var secrets = new KubernetesManifests(files()).secretNames();
    assertTrue(secrets.contains("aegis-gateway-join-key"), secrets.toString());
    for (String secret : secrets) {
      assertTrue(guide.contains("kubectl -n takumo create secret generic " + secret + " "),
          "docs/kubernetes.md does not say how to create the Secret " + secret);
    }
  }

  @ParameterizedTest(name = "{3}")
  @CsvSource(delimiter = '|', textBlock = """
      gateway.yaml     | 'containerPort: 8081'               | 'containerPort: \"8081\"'            | a number as a string
      gateway.yaml     | 'containerPort: 8081'               | 'contanerPort: 8081'                 | a misspelt field
      gateway.yaml     | '  replicas: 3'                     | '  replicas: 3\\n  replica: 3'       | an unknown field beside a known one
      coordinator.yaml | 'kind: Deployment'                  | 'kind: Deploymnet'                   | an unknown kind
      gateway.yaml     | '- --coordinator'                   | '- --cordinator'                     | a flag the server does not accept
      gateway.yaml     | '- --drain-timeout'                 | '- --drain-timeout\\n            - \"30\"\\n            - --drain-timeout' | a flag twice
      gateway.yaml     | 'name: TAKUMO_SERVER_GATEWAY_NAME'  | 'name: TAKUMO_SERVER_GATEWAYNAME'    | a variable the server does not read
      gateway.yaml     | '- --listen'                        | '- --join-key\\n            - jk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\\n            - --listen' | the join key as an argument
      gateway.yaml     | 'aegis-coordinator.takumo.svc:50051' | 'aegis-coordinator.takumo.svc:5051' | the gateway dialling another port
      gateway.yaml     | '- 0.0.0.0:8081'                    | '- 127.0.0.1:8081'                   | the probes' listener on loopback only
      gateway.yaml     | 'path: /readyz'                     | 'path: /ready'                       | readiness on another path
      gateway.yaml     | 'port: admin'                       | 'port: metrics'                      | a probe on a port the container lacks
      coordinator.yaml | '    - name: grpc\\n      port: 50051' | '    - name: grpc\\n      port: 50052' | the coordinator's Service without 50051
      coordinator.yaml | 'namespace: takumo'                 | 'namespace: default'                 | another namespace
      coordinator.yaml | 'secretKeyRef:'                     | 'configMapKeyRef:'                   | the JDBC URL from a ConfigMap
      redis.yaml       | 'name: aegis-redis\\n  namespace'   | 'name: redis\\n  namespace'          | no Service behind --redis
      """)
  void aBrokenManifestIsCaught(String file, String from, String to, String what) throws IOException {
    Map<String, String> files = files();
    String original = files.get(file);
    String broken = original.replace(unescape(from), unescape(to));
    assertTrue(!broken.equals(original), "the breakage applies: " + what);
    files.put(file, broken);
    AssertionError error = assertThrows(AssertionError.class, () -> new KubernetesManifests(files).check(), what);
    assertTrue(error.getMessage() != null && !error.getMessage().isBlank());
  }

  private static String unescape(String s) {
    return s.replace("\\n", "\n");
  }

  private static Map<String, String> files() throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> list = Files.list(MANIFESTS)) {
      for (Path p : list.filter(p -> p.toString().endsWith(".yaml")).toList()) {
        files.put(p.getFileName().toString(), Files.readString(p));
      }
    }
    assertTrue(files.keySet().containsAll(java.util.Set.of("namespace.yaml", "coordinator.yaml", "gateway.yaml",
        "redis.yaml", "postgres.yaml")), files.keySet().toString());
    return files;
  }
}
