-- Margin report speed (issue 8: a report over 10 million CDRs under 1 s, whatever the range).
--
-- cdr_hourly_sums is partitioned by the UTC day of its hour (cdr_hourly_sums_20261130), like cdr
-- and cdr_attempt, and the billing tailer creates its day partition with theirs. A report whose
-- range starts or ends inside a day reads those partial hours from this table. Unpartitioned, the
-- rows of one hour lie on every page of the table whenever calls are billed out of time order (a
-- batch adds keys to every hour of the month at once): EXPLAIN (ANALYZE, BUFFERS) showed the
-- bitmap index scan on the hour range touching 93 % of the heap's pages for 5 % of its rows, so
-- the planner rightly chose a scan of the whole table (about 1 s at 10 million calls). Within a
-- day partition the rows are still in any order, but the partition is a 31st of the month.
--
-- The primary key is unchanged (it starts with the partition key, so it stays the upsert's
-- conflict target); each partition keeps fillfactor 70 (a partitioned parent has no storage).
-- Databases billed before this migration: every row moves to its day's partition unchanged.

ALTER TABLE cdr_hourly_sums RENAME TO cdr_hourly_sums_unpartitioned;
ALTER TABLE cdr_hourly_sums_unpartitioned RENAME CONSTRAINT cdr_hourly_sums_pkey TO cdr_hourly_sums_unpartitioned_pkey;

CREATE TABLE cdr_hourly_sums
(
    hour           TIMESTAMPTZ    NOT NULL,
    customer_id    INTEGER        NOT NULL,
    vendor_id      INTEGER        NOT NULL,
    destination_id INTEGER        NOT NULL,
    calls          BIGINT         NOT NULL,
    attempts       BIGINT         NOT NULL,
    answered       BIGINT         NOT NULL,
    duration_ms    BIGINT         NOT NULL,
    sell_billed_s  BIGINT         NOT NULL,
    buy_billed_s   BIGINT         NOT NULL,
    revenue        NUMERIC(24, 6) NOT NULL,
    cost           NUMERIC(24, 6) NOT NULL,
    PRIMARY KEY (hour, customer_id, vendor_id, destination_id)
) PARTITION BY RANGE (hour);

DO $$
DECLARE
    day DATE;
BEGIN
    FOR day IN SELECT DISTINCT (hour AT TIME ZONE 'UTC')::date FROM cdr_hourly_sums_unpartitioned ORDER BY 1
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF cdr_hourly_sums FOR VALUES FROM (%L) TO (%L) ' ||
                       'WITH (fillfactor = 70)', 'cdr_hourly_sums_' || to_char(day, 'YYYYMMDD'),
                       day || ' 00:00:00+00', (day + 1) || ' 00:00:00+00');
    END LOOP;
END
$$;

INSERT INTO cdr_hourly_sums
SELECT * FROM cdr_hourly_sums_unpartitioned ORDER BY hour, customer_id, vendor_id, destination_id;

DROP VIEW cdr_hourly;
DROP TABLE cdr_hourly_sums_unpartitioned;

CREATE VIEW cdr_hourly AS
SELECT h.hour, c.name AS customer_trunk, v.name AS vendor_trunk, d.name AS destination, h.calls, h.attempts,
       h.answered, h.duration_ms, h.sell_billed_s, h.buy_billed_s, h.revenue, h.cost
  FROM cdr_hourly_sums h
  JOIN cdr_name c ON c.id = h.customer_id
  JOIN cdr_name v ON v.id = h.vendor_id
  JOIN cdr_name d ON d.id = h.destination_id;

ANALYZE cdr_hourly_sums;
