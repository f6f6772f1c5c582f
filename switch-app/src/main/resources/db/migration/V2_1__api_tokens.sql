-- API tokens of the admin HTTP API (docs/admin-api.md). Only a SHA-256 digest of each token is
-- kept: the token itself is shown once, when it is created. A token is a 256-bit random value, so
-- a fast digest is enough (nothing to brute-force); a revoked token keeps its row for the record.

CREATE TABLE api_token
(
    api_token_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         TEXT        NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    role         TEXT        NOT NULL CHECK (role IN ('read-only', 'operator', 'finance', 'admin')),
    token_sha256 BYTEA       NOT NULL UNIQUE CHECK (octet_length(token_sha256) = 32),
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at   TIMESTAMPTZ
);

-- One live token per name; a name may be reused once its token is revoked.
CREATE UNIQUE INDEX api_token_live_name ON api_token (name) WHERE revoked_at IS NULL;
