-- Billing: one record per request that reached a provider, and one line per failed attempt.
-- Money and prices are exact decimals (NUMERIC(38, 18)): the gateway checks at start-up that every
-- amount its catalog and fee can produce fits these 18 decimals, so nothing is rounded on the way in.
-- The same SQL runs on H2 and PostgreSQL.
CREATE TABLE billing_records (
    request_id            VARCHAR(40)    NOT NULL PRIMARY KEY,
    account               VARCHAR(200)   NOT NULL,
    key_id                VARCHAR(40)    NOT NULL,
    endpoint              VARCHAR(20),
    requested_model       VARCHAR(300),
    served_model          VARCHAR(300),
    provider              VARCHAR(100),
    attempts              INTEGER        NOT NULL,
    prompt_tokens         BIGINT         NOT NULL,
    completion_tokens     BIGINT         NOT NULL,
    cached_tokens         BIGINT         NOT NULL,
    cache_write_tokens    BIGINT         NOT NULL,
    reasoning_tokens      BIGINT         NOT NULL,
    usage_reported        BOOLEAN        NOT NULL,
    input_per_mtok        NUMERIC(38, 18),
    output_per_mtok       NUMERIC(38, 18),
    cached_input_per_mtok NUMERIC(38, 18),
    cache_write_per_mtok  NUMERIC(38, 18),
    fee_percent           NUMERIC(38, 18),
    provider_cost_usd     NUMERIC(38, 18) NOT NULL,
    platform_fee_usd      NUMERIC(38, 18) NOT NULL,
    total_cost_usd        NUMERIC(38, 18) NOT NULL,
    status                VARCHAR(16)    NOT NULL,
    streamed              BOOLEAN        NOT NULL,
    latency_ms            BIGINT         NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    note                  VARCHAR(1000)
);
CREATE INDEX billing_records_key_created ON billing_records (key_id, created_at, request_id);
CREATE INDEX billing_records_account_created ON billing_records (account, created_at, request_id);

-- A request's failed attempts (the one that served is the record itself); tokens are null where
-- the provider reported none.
CREATE TABLE billing_attempts (
    request_id         VARCHAR(40)  NOT NULL REFERENCES billing_records (request_id),
    attempt            INTEGER      NOT NULL,
    provider           VARCHAR(100),
    model              VARCHAR(300),
    status             INTEGER      NOT NULL,
    code               VARCHAR(100),
    prompt_tokens      BIGINT,
    completion_tokens  BIGINT,
    cached_tokens      BIGINT,
    cache_write_tokens BIGINT,
    reasoning_tokens   BIGINT,
    PRIMARY KEY (request_id, attempt)
);
