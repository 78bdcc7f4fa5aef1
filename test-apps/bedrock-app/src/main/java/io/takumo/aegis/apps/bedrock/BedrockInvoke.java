package io.takumo.aegis.apps.bedrock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InvokeModelResponse;

/**
 * An ordinary app on the AWS SDK's Bedrock Runtime client: {@code InvokeModel} with the body in
 * the file, once per HTTP client named, each printing the response body it got on one line.
 * {@code usage: BedrockInvoke ENDPOINT BODY_FILE urlconnection|apache...}
 */
public final class BedrockInvoke {

  public static void main(String[] args) throws Exception {
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    for (int i = 2; i < args.length; i++) {
      try (SdkHttpClient http = httpClient(args[i]);
          BedrockRuntimeClient client = BedrockRuntimeClient.builder()
              .region(Region.US_EAST_1)
              .endpointOverride(URI.create(args[0]))
              .credentialsProvider(StaticCredentialsProvider.create(
                  AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
              .httpClient(http)
              .build()) {
        InvokeModelResponse response = client.invokeModel(InvokeModelRequest.builder()
            .modelId("anthropic.claude-haiku-4-5-v1:0")
            .contentType("application/json")
            .accept("application/json")
            .body(SdkBytes.fromByteArray(body))
            .build());
        System.out.println(new String(response.body().asByteArray(), StandardCharsets.UTF_8));
      }
    }
  }

  private static SdkHttpClient httpClient(String name) {
    switch (name) {
      case "urlconnection":
        return UrlConnectionHttpClient.create();
      case "apache":
        return ApacheHttpClient.create();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  private BedrockInvoke() {}
}
