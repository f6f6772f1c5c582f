-- Roll-ups beside cdr_hourly so that a long margin report reads a few thousand rows instead of
-- every hourly row (one per hour, customer, vendor and destination, which barely compresses when
-- traffic is spread over many keys). The billing tailer upserts both in the same transaction as
-- cdr_hourly, from the same batch sums, so they always add up to it exactly.
--
-- cdr_daily_key: per UTC day, one row per key of one dimension ('customer', 'vendor',
-- 'destination'); each dimension on its own sums to the day's totals.
-- cdr_hourly_total: per hour, the totals over every key (report by day or hour).

CREATE TABLE cdr_daily_key
(
    day            DATE           NOT NULL,
    dimension      TEXT           NOT NULL,
    key            TEXT           NOT NULL,
    calls          BIGINT         NOT NULL,
    attempts       BIGINT         NOT NULL,
    answered       BIGINT         NOT NULL,
    duration_ms    BIGINT         NOT NULL,
    sell_billed_s  BIGINT         NOT NULL,
    buy_billed_s   BIGINT         NOT NULL,
    revenue        NUMERIC(24, 6) NOT NULL,
    cost           NUMERIC(24, 6) NOT NULL,
    PRIMARY KEY (dimension, day, key)
);

CREATE TABLE cdr_hourly_total
(
    hour           TIMESTAMPTZ    NOT NULL PRIMARY KEY,
    calls          BIGINT         NOT NULL,
    attempts       BIGINT         NOT NULL,
    answered       BIGINT         NOT NULL,
    duration_ms    BIGINT         NOT NULL,
    sell_billed_s  BIGINT         NOT NULL,
    buy_billed_s   BIGINT         NOT NULL,
    revenue        NUMERIC(24, 6) NOT NULL,
    cost           NUMERIC(24, 6) NOT NULL
);

-- Databases billed before this migration: the roll-ups start equal to their hourly rows.
INSERT INTO cdr_daily_key
SELECT (hour AT TIME ZONE 'UTC')::date, d.dimension,
       CASE d.dimension WHEN 'customer' THEN customer_trunk WHEN 'vendor' THEN vendor_trunk ELSE destination END,
       sum(calls), sum(attempts), sum(answered), sum(duration_ms), sum(sell_billed_s), sum(buy_billed_s),
       sum(revenue), sum(cost)
  FROM cdr_hourly CROSS JOIN (VALUES ('customer'), ('vendor'), ('destination')) AS d (dimension)
 GROUP BY 1, 2, 3;

INSERT INTO cdr_hourly_total
SELECT hour, sum(calls), sum(attempts), sum(answered), sum(duration_ms), sum(sell_billed_s), sum(buy_billed_s),
       sum(revenue), sum(cost)
  FROM cdr_hourly
 GROUP BY hour;
