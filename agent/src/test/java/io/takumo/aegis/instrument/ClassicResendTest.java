package io.takumo.aegis.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link GatewayDrops#classicResent}: a classic request is sent again straight to the provider
 * only after the drop fell back to local, only if its body is replayable, once, and marked for the
 * agent's hook while it is sent (so it is neither routed nor scanned again).
 */
class ClassicResendTest {

  private final TestEngines engines = new TestEngines();
  private final Object client = new Object();
  private final Object request = new Object();
  private final Object context = new Object();
  private final Object appTarget = new Object();

  /** Records each execute, and whether the request was marked as resent during it. */
  private static final class FakeResend implements ClassicResend {
    final List<Object[]> calls = new ArrayList<>();
    boolean replayable = true;
    Throwable replayableFails;
    Throwable executeFails;
    boolean markedDuringExecute;

    @Override
    public boolean replayable(Object request) throws Throwable {
      if (replayableFails != null) {
        throw replayableFails;
      }
      return replayable;
    }

    @Override
    public Object execute(Object client, Object target, Object request, Object context) throws Throwable {
      calls.add(new Object[] {client, target, request, context});
      markedDuringExecute = GatewayDrops.isResending(request);
      if (executeFails != null) {
        throw executeFails;
      }
      return "direct response";
    }
  }

  private ClassicExchange<Object> exchange(FakeResend resend, boolean fellBack) {
    ClassicExchange<Object> e = new ClassicExchange<>(new Object(), "api.openai.com", new RestoreScope(), null, new Object(), null, appTarget,
        resend);
    e.fellBack = fellBack;
    return e;
  }

  @Test
  void afterAFallbackToLocalTheRequestIsSentOnceMarkedAndItsResponseReturned() {
    FakeResend resend = new FakeResend();
    ClassicExchange<Object> e = exchange(resend, true);

    assertEquals("direct response", GatewayDrops.classicResent(engines.engine(), e, client, request, context));
    assertEquals(1, resend.calls.size());
    assertSame(client, resend.calls.get(0)[0]);
    assertSame(appTarget, resend.calls.get(0)[1], "to the app's own target, not the gateway's");
    assertSame(request, resend.calls.get(0)[2]);
    assertSame(context, resend.calls.get(0)[3]);
    assertTrue(resend.markedDuringExecute, "the hook sees it is being sent again");
    assertFalse(GatewayDrops.isResending(request), "and only while it is");

    assertNull(GatewayDrops.classicResent(engines.engine(), e, client, request, context), "once");
    assertEquals(1, resend.calls.size());
  }

  @Test
  void withoutAFallbackOrWithABodyThatCannotBeSentTwiceNothingIsSent() {
    FakeResend resend = new FakeResend();
    assertNull(GatewayDrops.classicResent(engines.engine(), exchange(resend, false), client, request, context));

    resend.replayable = false;
    assertNull(GatewayDrops.classicResent(engines.engine(), exchange(resend, true), client, request, context));

    resend.replayable = true;
    resend.replayableFails = new IllegalStateException("library differs");
    assertNull(GatewayDrops.classicResent(engines.engine(), exchange(resend, true), client, request, context));
    assertTrue(engines.log().contains("could not tell whether a request to api.openai.com can be sent again (IllegalStateException)"),
        engines.log());

    ClassicExchange<Object> noTarget = new ClassicExchange<>(new Object(), "api.openai.com", new RestoreScope(), null, new Object(), null,
        null, resend);
    noTarget.fellBack = true;
    assertNull(GatewayDrops.classicResent(engines.engine(), noTarget, client, request, context));
    assertEquals(0, resend.calls.size());
  }

  @Test
  void theDirectAttemptsOwnFailureIsWhatTheAppGets() {
    FakeResend resend = new FakeResend();
    IOException refused = new ConnectException("Connection refused");
    resend.executeFails = refused;
    assertSame(refused, GatewayDrops.classicResent(engines.engine(), exchange(resend, true), client, request, context));
    assertFalse(GatewayDrops.isResending(request));
  }
}
