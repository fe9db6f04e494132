-- Prices as the providers price today (prompt-size tiers, two cache-write durations, dated price
-- versions, service tiers and regions). Every column is added to what V2 recorded, and no V2 value
-- changes meaning: a record from before has no 1-hour cache writes (all its cache writes were billed
-- at cache_write_per_mtok, which is what cache_write_tokens - cache_write_1h_tokens at that price
-- says), no tier or price version (NULL), and was never marked as missing a price.
-- The same SQL runs on H2 and PostgreSQL.
ALTER TABLE billing_records ADD COLUMN cache_write_1h_tokens BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE billing_records ADD COLUMN cache_write_1h_per_mtok NUMERIC(38, 18);
ALTER TABLE billing_records ADD COLUMN pricing_tier VARCHAR(100);
ALTER TABLE billing_records ADD COLUMN price_version VARCHAR(40);
ALTER TABLE billing_records ADD COLUMN service_tier VARCHAR(40);
ALTER TABLE billing_records ADD COLUMN inference_geo VARCHAR(40);
ALTER TABLE billing_records ADD COLUMN price_missing VARCHAR(20);
ALTER TABLE billing_attempts ADD COLUMN cache_write_1h_tokens BIGINT;
