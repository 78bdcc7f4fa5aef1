-- The fleet (coordinator mode): join keys and the gateways that joined with them. Portable SQL:
-- runs on H2 and PostgreSQL. Only hashes of join keys and gateway credentials are stored.

CREATE TABLE join_keys (
  id         VARCHAR(40)  NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL,
  prefix     VARCHAR(40)  NOT NULL,
  key_hash   CHAR(64)     NOT NULL UNIQUE,
  created_at BIGINT       NOT NULL,
  revoked_at BIGINT
);
CREATE INDEX join_keys_prefix ON join_keys (prefix);

CREATE TABLE fleet_gateways (
  id                   VARCHAR(40)  NOT NULL PRIMARY KEY,
  name                 VARCHAR(100) NOT NULL,
  join_key_id          VARCHAR(40)  NOT NULL REFERENCES join_keys (id),
  credential_hash      CHAR(64)     NOT NULL,
  version              VARCHAR(100) NOT NULL,
  address              VARCHAR(300) NOT NULL,
  joined_at            BIGINT       NOT NULL,
  last_seen_at         BIGINT       NOT NULL,
  connected            BOOLEAN      NOT NULL,
  config_version_acked BIGINT,
  removed_at           BIGINT
);
