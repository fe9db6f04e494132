-- Spend control. One row of limits and budgets per scope: a key ('key:<id>') or an account
-- ('account:<name>'); a NULL column is no limit. Budgets are USD per UTC day, per calendar month
-- (UTC) and for the scope's whole life.
CREATE TABLE spend_controls (
    scope           VARCHAR(250)    NOT NULL PRIMARY KEY,
    requests_per_minute INTEGER,
    tokens_per_minute   BIGINT,
    max_concurrent      INTEGER,
    daily_usd       NUMERIC(38, 18),
    monthly_usd     NUMERIC(38, 18),
    lifetime_usd    NUMERIC(38, 18),
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The ledger summed per scope and period ('d2026-12-07', 'm2026-12', 'all'): written by the billing
-- store in the transaction that inserts the records (BillingStore), so it always equals the sum of
-- billing_records.total_cost_usd over the scope and period; a budget check reads three rows instead
-- of summing a month of records per request.
CREATE TABLE spend_totals (
    scope      VARCHAR(250)    NOT NULL,
    period     VARCHAR(12)     NOT NULL,
    total_usd  NUMERIC(38, 18) NOT NULL,
    PRIMARY KEY (scope, period)
);

-- Lifetime totals of the records from before this migration (day and month totals start here).
INSERT INTO spend_totals (scope, period, total_usd)
    SELECT CONCAT('key:', key_id), 'all', SUM(total_cost_usd) FROM billing_records GROUP BY key_id;
INSERT INTO spend_totals (scope, period, total_usd)
    SELECT CONCAT('account:', account), 'all', SUM(total_cost_usd) FROM billing_records GROUP BY account;

-- Requests in flight, for a gateway on PostgreSQL without Redis: each holds a concurrency slot while
-- active and its reserved cost until its record is in billing_records; expires_at (epoch millis)
-- frees what a crashed replica left.
CREATE TABLE spend_inflight (
    scope       VARCHAR(250) NOT NULL,
    request_id  VARCHAR(40)  NOT NULL,
    amount_nanos BIGINT      NOT NULL,
    active      BOOLEAN      NOT NULL,
    expires_at  BIGINT       NOT NULL,
    PRIMARY KEY (scope, request_id)
);
