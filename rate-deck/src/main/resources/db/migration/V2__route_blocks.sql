-- Route blocks set by the NOC through the admin API (POST/DELETE /api/blocks): a vendor for every
-- number, a prefix for every vendor, or one vendor for one prefix. A block stays until it is
-- lifted (the row deleted); the switch applies every row at start and on each reload.
-- A NULL vendor or prefix means "any"; at least one is set.

CREATE TABLE route_block
(
    route_block_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    vendor         TEXT CHECK (vendor <> ''),
    prefix         TEXT CHECK (prefix ~ '^[0-9]+$'),
    reason         TEXT,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (vendor IS NOT NULL OR prefix IS NOT NULL)
);

-- One row per target: NULLs compare equal here, so blocking the same target twice keeps one row.
CREATE UNIQUE INDEX route_block_target ON route_block (COALESCE(vendor, ''), COALESCE(prefix, ''));
