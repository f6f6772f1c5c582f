-- Trunks provisioned through the admin API (docs/admin-api.md). Each row is one trunk's
-- definition as text, in the form of a 'customers' or 'vendors' item of the configuration file
-- (YAML or JSON), validated by the same code when it is written and when the switch starts.
-- The configuration file seeds the table once (trunk_seed); from then on the table is the
-- switch's set of trunks.

CREATE TABLE trunk
(
    trunk_id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE CHECK (name <> '' AND length(name) <= 64),
    side       TEXT        NOT NULL CHECK (side IN ('customer', 'vendor')),
    definition TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE trunk_seed
(
    seeded     BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (seeded),
    seeded_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    source     TEXT        NOT NULL
);
