package io.takumo.aegis.bench;

import java.nio.charset.StandardCharsets;

/** Realistic chat request bodies of a given size, with a handful of secrets in them. */
final class ChatBodies {

  static final String[] SECRETS = {
    "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ",
    "AKIAZ7QWERTYUIOP2345",
    "postgres://app:Tr0ub4dor&3@db.internal:5432/orders",
    "password = \"Summer2024!x\"",
    "xoxb-2384729384-2938472938472-aB3dE5fG7hJ9kL1mN3pQ5rS7",
  };

  private static final String PROSE =
      "The service reads its configuration at start-up and retries the connection three times "
          + "before giving up; the logs below show the second attempt timing out after 30 seconds. ";

  /** A Chat Completions body of about {@code bytes}, the secrets spread through the user message. */
  static byte[] openAiRequest(int bytes) {
    return ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"" + message(bytes - 150).replace("\"", "\\\"").replace("\n", "\\n") + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String message(int chars) {
    StringBuilder s = new StringBuilder(chars + 200);
    int every = Math.max(1, chars / SECRETS.length);
    int next = 0;
    while (s.length() < chars) {
      if (s.length() >= (long) next * every && next < SECRETS.length) {
        s.append(SECRETS[next++]).append('\n');
      }
      s.append(PROSE);
    }
    return s.toString();
  }

  private ChatBodies() {}
}
