-- An org's policy (docs/gateway-protocol.md, "The org policy"): JSON text, validated by the admin
-- API before it is stored, sealed per session in the handshake. NULL: the org has none ({}).

ALTER TABLE orgs ADD COLUMN policy VARCHAR(65536);
