package io.takumo.aegis.instrument.netty.http2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.scope.RestoreScope;
import org.junit.jupiter.api.Test;

/** The flow-control translation: restored bytes consumed → received bytes returned to the window. */
class StreamExchangeTest {

  private final StreamExchange exchange = new StreamExchange("api.openai.com", null, new RestoreScope(), "application/json", null, false);

  @Test
  void aStreamNotRestoredConsumesAsItIs() {
    assertEquals(100, exchange.received(100));
  }

  @Test
  void everythingReceivedIsReturnedOnceEverythingHandedOnIsConsumed() {
    exchange.handedOn(100, 140);
    exchange.handedOn(50, 30);
    int back = exchange.received(40) + exchange.received(100) + exchange.received(30);
    assertEquals(150, back);
    assertEquals(0, exchange.received(0));
  }

  @Test
  void partOfWhatWasHandedOnReturnsItsShareAndNeverMoreThanReceived() {
    exchange.handedOn(100, 200);
    int first = exchange.received(50);
    assertEquals(25, first);
    assertEquals(75, exchange.received(150));
  }

  @Test
  void bytesHeldBackByTheRestorerAreReturnedWithTheNextConsumption() {
    exchange.handedOn(30, 0); // a token split across frames: nothing handed on
    exchange.handedOn(20, 60);
    assertEquals(50, exchange.received(60));
  }
}
