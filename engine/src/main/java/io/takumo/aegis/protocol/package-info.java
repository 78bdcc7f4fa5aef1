/**
 * The agent–gateway protocol's pure parts, version 2 (docs/gateway-protocol.md): X25519 key
 * agreement, HKDF key derivation, the sealed org policy, the signed handshake transcript, the
 * canonical request and its MAC, and the gateway's checks of both. JDK cryptography only, Java 11,
 * no dependency on the rest of the agent (configuration, logging, hooks), so that a gateway can
 * implement its side with this same code.
 */
package io.takumo.aegis.protocol;
