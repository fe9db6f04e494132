-- Responses the gateway keeps for previous_response_id and GET/DELETE /v1/responses/{id} (models
-- OpenAI does not serve: OpenAI keeps its own). One row per response: the input items it was made
-- from (the whole conversation up to it, so a chain never needs its earlier rows) and the response
-- object with its output items, as JSON text. Only the account that made it may read it; rows older
-- than opengateway.responses.retention are purged. The same SQL runs on H2 and PostgreSQL.
CREATE TABLE stored_responses (
    id          VARCHAR(200) NOT NULL PRIMARY KEY,
    account     VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    input_items TEXT         NOT NULL,
    response    TEXT         NOT NULL
);
CREATE INDEX stored_responses_created_at ON stored_responses (created_at);
