-- Rate decks: one deck per trunk and direction, a new version per import, and every row of every
-- version kept for history. Money is NUMERIC(18,6): micro-units, as the Java side's long micros.
-- A row's period is [effective_from, effective_until); a later version ends a row by setting
-- effective_until (and ended_by_version_id), or supersedes a row that had not started yet
-- (superseded_by_version_id): a superseded row never applies but stays for history.

CREATE TABLE deck
(
    deck_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    trunk      TEXT        NOT NULL,
    direction  TEXT        NOT NULL CHECK (direction IN ('VENDOR', 'CUSTOMER')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (trunk, direction)
);

CREATE TABLE deck_version
(
    version_id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deck_id         BIGINT      NOT NULL REFERENCES deck (deck_id),
    version_no      INTEGER     NOT NULL,
    mode            TEXT        NOT NULL CHECK (mode IN ('REPLACE', 'UPDATE')),
    effective_from  TIMESTAMPTZ NOT NULL,
    imported_at     TIMESTAMPTZ NOT NULL,
    file_name       TEXT        NOT NULL,
    mapping         TEXT        NOT NULL,
    rows_read       BIGINT      NOT NULL,
    rows_dropped    BIGINT      NOT NULL,
    new_count       BIGINT      NOT NULL,
    increased_count BIGINT      NOT NULL,
    decreased_count BIGINT      NOT NULL,
    removed_count   BIGINT      NOT NULL,
    unchanged_count BIGINT      NOT NULL,
    UNIQUE (deck_id, version_no)
);

-- deck_id is denormalised from the version so that the live-rate index needs no join. deck_id
-- and version_id carry no foreign keys: rows are only written by the import, in the transaction
-- that creates their version, and a referential check per row (one trigger and one index probe
-- each) is the largest cost of a million-row COPY. Only the live-rate and per-version lookups are
-- indexed: an index on ended_by/superseded_by would make every end of a row a non-HOT update.
CREATE TABLE deck_rate
(
    rate_id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    deck_id                  BIGINT         NOT NULL,
    version_id               BIGINT         NOT NULL,
    source_line              BIGINT         NOT NULL,
    prefix                   TEXT COLLATE "C" NOT NULL CHECK (prefix ~ '^[0-9]{1,15}$'),
    destination              TEXT           NOT NULL,
    rate_per_minute          NUMERIC(18, 6) NOT NULL CHECK (rate_per_minute >= 0),
    connect_fee              NUMERIC(18, 6) NOT NULL CHECK (connect_fee >= 0),
    first_increment_s        INTEGER        NOT NULL CHECK (first_increment_s >= 1),
    next_increment_s         INTEGER        NOT NULL CHECK (next_increment_s >= 1),
    minimum_duration_s       INTEGER        NOT NULL CHECK (minimum_duration_s >= 0),
    effective_from           TIMESTAMPTZ    NOT NULL,
    declared_until           TIMESTAMPTZ,
    effective_until          TIMESTAMPTZ,
    change                   TEXT           NOT NULL CHECK (change IN ('NEW', 'INCREASED', 'DECREASED', 'UNCHANGED')),
    previous_rate_per_minute NUMERIC(18, 6),
    ended_by_version_id      BIGINT,
    superseded_by_version_id BIGINT,
    CHECK (effective_until IS NULL OR effective_until > effective_from)
);

-- The live schedule of a deck: what the routing engine loads and what an import compares against.
-- Prefixes are digits: the "C" collation orders them byte-wise, which is both right and several
-- times cheaper per index comparison than a linguistic collation.
CREATE INDEX deck_rate_live ON deck_rate (deck_id, prefix, effective_from) WHERE superseded_by_version_id IS NULL;
CREATE INDEX deck_rate_version ON deck_rate (version_id);
