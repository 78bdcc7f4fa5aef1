package io.takumo.aegis.e2e;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Several calls made by one forked app (apps that take {@code MODE URL BODY_FILE} triples and end
 * each response with {@link #END}), so that one JVM serves many test cases.
 */
final class CallBatch {

  /** What the batch apps write after each response. */
  static final String END = "\n#### end of response ####\n";

  /** One call: what was sent, and the secrets in it. */
  static final class Call {
    final String name;
    final String mode;
    final StandInProviders server;
    final String path;
    final TestSecrets secrets = new TestSecrets();
    Path requestFile;
    String response;

    Call(String name, String mode, StandInProviders server, String path) {
      this.name = name;
      this.mode = mode;
      this.server = server;
      this.path = path;
    }

    /** A value only this call's request holds, to find it among what a stand-in received. */
    String marker() {
      return secrets.lookAlikes.get(2);
    }
  }

  private final Map<String, Call> calls = new LinkedHashMap<>();
  AppRunner.Result result;

  /** Adds a chat call, with a fresh secret-laden message, named {@code name}. */
  Call chat(String name, String mode, StandInProviders server, String path, boolean stream) throws IOException {
    Call call = add(new Call(name, mode, server, path));
    call.requestFile = StandInProviders.requestFile(path, call.secrets.message(), stream);
    return call;
  }

  /** Adds a call whose body the caller writes from the call's secrets. */
  Call raw(String name, String mode, StandInProviders server, String path, java.util.function.Function<TestSecrets, byte[]> body)
      throws IOException {
    Call call = add(new Call(name, mode, server, path));
    call.requestFile = StandInProviders.write(body.apply(call.secrets));
    return call;
  }

  private Call add(Call call) {
    if (calls.put(call.name, call) != null) {
      throw new IllegalArgumentException("two calls named " + call.name);
    }
    return call;
  }

  Call get(String name) {
    return calls.get(name);
  }

  List<String> names() {
    return new ArrayList<>(calls.keySet());
  }

  /** Runs every call in one JVM; each call's {@code response} is what the app read. */
  void run(AppRunner runner, String mainClass, String... leadingArgs) throws Exception {
    run(runner, mainClass, out -> {
      List<String> parts = new ArrayList<>(List.of(out.split(java.util.regex.Pattern.quote(END), -1)));
      parts.remove(parts.size() - 1);
      return parts;
    }, leadingArgs);
  }

  /**
   * The same for the Apache apps, which start each response with a {@code #### MODE} line instead
   * of ending it with {@link #END}.
   */
  void runSections(AppRunner runner, String mainClass) throws Exception {
    run(runner, mainClass, ApacheHttpClientE2ETest::sections);
  }

  private void run(AppRunner runner, String mainClass, java.util.function.Function<String, List<String>> responses,
      String... leadingArgs) throws Exception {
    List<String> args = new ArrayList<>(List.of(leadingArgs));
    for (Call call : calls.values()) {
      args.add(call.mode);
      args.add(call.server.url(call.path));
      args.add(call.requestFile.toString());
    }
    result = runner.run(mainClass, args.toArray(new String[0])).assertOk();
    List<String> parts = responses.apply(result.out());
    if (parts.size() < calls.size()) {
      throw new AssertionError("the app wrote " + parts.size() + " responses for " + calls.size()
          + " calls\nstdout:\n" + result.out() + "\nstderr:\n" + result.stderr);
    }
    int i = 0;
    for (Call call : calls.values()) {
      call.response = parts.get(i++);
    }
  }
}
