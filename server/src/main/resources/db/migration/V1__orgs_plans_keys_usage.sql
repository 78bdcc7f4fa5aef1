-- Orgs, plans, API keys and monthly usage. Portable SQL: runs on H2 (embedded) and PostgreSQL.
-- Times are epoch milliseconds (BIGINT), money is millionths of a US dollar (BIGINT), months are
-- 'yyyy-MM' in UTC.

CREATE TABLE plans (
  id                       VARCHAR(40)  NOT NULL PRIMARY KEY,
  name                     VARCHAR(100) NOT NULL UNIQUE,
  rate_limit_per_minute    INTEGER,
  requests_per_month       BIGINT,
  credits_per_month_micros BIGINT,
  providers                VARCHAR(500) NOT NULL,
  created_at               BIGINT       NOT NULL
);

CREATE TABLE orgs (
  id         VARCHAR(40)  NOT NULL PRIMARY KEY,
  name       VARCHAR(100) NOT NULL UNIQUE,
  plan_id    VARCHAR(40)  NOT NULL REFERENCES plans (id),
  created_at BIGINT       NOT NULL
);

CREATE TABLE api_keys (
  id           VARCHAR(40)  NOT NULL PRIMARY KEY,
  org_id       VARCHAR(40)  NOT NULL REFERENCES orgs (id),
  name         VARCHAR(100),
  prefix       VARCHAR(40)  NOT NULL,
  key_hash     CHAR(64)     NOT NULL UNIQUE,
  scopes       VARCHAR(200) NOT NULL,
  created_at   BIGINT       NOT NULL,
  last_used_at BIGINT,
  revoked_at   BIGINT
);
CREATE INDEX api_keys_org ON api_keys (org_id);
CREATE INDEX api_keys_prefix ON api_keys (prefix);

-- What plan limits are checked against: one row per org and month.
CREATE TABLE org_monthly_usage (
  org_id         VARCHAR(40) NOT NULL REFERENCES orgs (id),
  usage_month    CHAR(7)     NOT NULL,
  requests       BIGINT      NOT NULL,
  credits_micros BIGINT      NOT NULL,
  PRIMARY KEY (org_id, usage_month)
);

-- The usage report: one row per key, provider and month.
CREATE TABLE key_monthly_usage (
  key_id         VARCHAR(40) NOT NULL REFERENCES api_keys (id),
  provider       VARCHAR(32) NOT NULL,
  usage_month    CHAR(7)     NOT NULL,
  requests       BIGINT      NOT NULL,
  input_tokens   BIGINT      NOT NULL,
  output_tokens  BIGINT      NOT NULL,
  credits_micros BIGINT      NOT NULL,
  PRIMARY KEY (key_id, provider, usage_month)
);
