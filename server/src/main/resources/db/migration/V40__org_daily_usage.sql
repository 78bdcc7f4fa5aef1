-- The dashboard's Billing chart: finished requests and credits per org, day ('yyyy-MM-dd', UTC,
-- the day a request ended) and provider. Written with the monthly usage, off the request path.
CREATE TABLE org_daily_usage (
  org_id         VARCHAR(40) NOT NULL REFERENCES orgs (id),
  usage_day      CHAR(10)    NOT NULL,
  provider       VARCHAR(32) NOT NULL,
  requests       BIGINT      NOT NULL,
  credits_micros BIGINT      NOT NULL,
  PRIMARY KEY (org_id, usage_day, provider)
);
