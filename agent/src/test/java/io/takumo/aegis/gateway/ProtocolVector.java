package io.takumo.aegis.gateway;

/** The expected values of the protocol's test vector, also printed in docs/gateway-protocol.md. */
final class ProtocolVector {
  static final String MAC_KEY = "8139a4a963a34d67c24ec61e7defccda8331eabff1c92afd431cf7a33cbd52ea";
  static final String POLICY_KEY = "396a539153569f942bd6a1aae83b8a3c46edecc1a817823b78b90fba8d6f77d9";
  static final String SIGNATURE = "lQ8pDjrG2u6pT-nvyop11S0cSt-_9rOVZr3aQgol9E4";
  static final String POLICY_CIPHERTEXT = "RWmIKVVgtgw99TqybTogAygVACNB-hbu7Oi64ExzzFxZk1Mv7Y5-fjW5adg28ul-xT_cWbU";

  private ProtocolVector() {}
}
