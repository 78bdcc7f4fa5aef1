package io.takumo.aegis.protocol;

/** The expected values of the protocol's test vector, also printed in docs/gateway-protocol.md. */
final class ProtocolVector {
  static final String MAC_KEY = "30befc4377f83db1730d1f44b553545f21606d6ee0b28aca95bea7f022ab863f";
  static final String POLICY_KEY = "756e86a801248df94e103bd0cbfd867edcb1875ef5fede263eff607a10e6c059";
  static final String CANONICAL_REQUEST = "TAKUMO-AEGIS-HMAC-SHA256\nPOST\nhttps://api.openai.com/v1/chat/completions\ns_test\n"
      + "1767225600\nAAECAwQFBgcICQoL\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\n"
      + "authorization;content-type\nauthorization:Bearer sk-test\ncontent-type:application/json";
  static final String SIGNATURE = "8pdRRoG4U9g1l3c6kX9X_GzNncatEFLMIT-rcll5N9g";
  static final String POLICY_CIPHERTEXT = "jjxxzxRh88LwlFhaIn-axaATH3zfAnuZu5UoLcPghoUD9DiYAO3c4sRiRPsEZyhHWnAxKS8";
  static final String TRANSCRIPT = "TAKUMO-AEGIS-HANDSHAKE\n2\nX25519\nhSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\n"
      + "AAECAwQFBgcICQoLDA0ODw\ns_test\n3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08\nEBESExQVFhcYGRobHB0eHw\n3600\n"
      + "ICEiIyQlJicoKSor\njjxxzxRh88LwlFhaIn-axaATH3zfAnuZu5UoLcPghoUD9DiYAO3c4sRiRPsEZyhHWnAxKS8";
  static final String GATEWAY_PUBLIC_KEY_PEM = "-----BEGIN PUBLIC KEY-----\n"
      + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
      + "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
      + "-----END PUBLIC KEY-----\n";
  static final String TRANSCRIPT_SIGNATURE =
      "uCAc0cj0PYIThcAv7axKT1Chm2u74uCFxp0Dd5IPGu22DnQra6pjnwNZgZVpKFvjM1-zVyjJUeYaKYCIJ3w8Tw";

  private ProtocolVector() {}
}
