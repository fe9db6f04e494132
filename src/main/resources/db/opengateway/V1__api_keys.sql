-- Gateway API keys: the key itself is shown once and stored only as its SHA-256 hash.
CREATE TABLE api_keys (
    id          VARCHAR(40)  NOT NULL PRIMARY KEY,
    account     VARCHAR(200) NOT NULL,
    name        VARCHAR(200) NOT NULL,
    key_hash    CHAR(64)     NOT NULL UNIQUE,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX api_keys_account ON api_keys (account);
