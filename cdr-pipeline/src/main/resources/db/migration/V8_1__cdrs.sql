-- CDRs (issue 8): one row per call, one per vendor attempt, both partitioned by the day of the
-- call's start (UTC); hourly aggregates per customer, vendor and destination; and the journal
-- position of each switch node's queues. The billing tailer writes all four in one transaction
-- per batch, which is what makes billing exactly once. Money is NUMERIC(18,6) (micro-units) per
-- row and NUMERIC(24,6) for sums. Partitions (cdr_YYYYMMDD, cdr_attempt_YYYYMMDD) are created by
-- the tailer ahead of the days it writes.

CREATE TABLE cdr
(
    call_start             TIMESTAMPTZ    NOT NULL,
    node_id                TEXT           NOT NULL,
    queue                  TEXT           NOT NULL,
    journal_index          BIGINT         NOT NULL,
    customer_trunk         TEXT           NOT NULL,
    customer_call_id       TEXT           NOT NULL,
    calling_number         TEXT           NOT NULL,
    called_number_received TEXT           NOT NULL,
    called_number          TEXT           NOT NULL,
    first_provisional_at   TIMESTAMPTZ,
    answer_at              TIMESTAMPTZ,
    end_at                 TIMESTAMPTZ    NOT NULL,
    pdd_ms                 INTEGER        NOT NULL,
    duration_ms            BIGINT         NOT NULL,
    final_code             INTEGER        NOT NULL,
    end_reason             TEXT           NOT NULL,
    hung_up_by             TEXT           NOT NULL,
    attempts               INTEGER        NOT NULL,
    vendor_trunk           TEXT           NOT NULL,
    destination            TEXT           NOT NULL,
    routed_sell_prefix     TEXT           NOT NULL,
    routed_sell_rate       NUMERIC(18, 6) NOT NULL,
    sell_prefix            TEXT           NOT NULL,
    sell_rate              NUMERIC(18, 6) NOT NULL,
    sell_connect_fee       NUMERIC(18, 6) NOT NULL,
    sell_first_increment_s INTEGER        NOT NULL,
    sell_next_increment_s  INTEGER        NOT NULL,
    sell_minimum_s         INTEGER        NOT NULL,
    sell_billed_s          BIGINT         NOT NULL,
    revenue                NUMERIC(18, 6) NOT NULL,
    cost                   NUMERIC(18, 6) NOT NULL,
    customer_packets_lost  INTEGER        NOT NULL,
    customer_packets_expected INTEGER     NOT NULL,
    customer_jitter_us     INTEGER        NOT NULL,
    customer_mos_x100      INTEGER        NOT NULL,
    vendor_packets_lost    INTEGER        NOT NULL,
    vendor_packets_expected INTEGER       NOT NULL,
    vendor_jitter_us       INTEGER        NOT NULL,
    vendor_mos_x100        INTEGER        NOT NULL,
    truncated              BOOLEAN        NOT NULL,
    PRIMARY KEY (call_start, node_id, queue, journal_index)
) PARTITION BY RANGE (call_start);

CREATE INDEX cdr_customer ON cdr (customer_trunk, call_start);

CREATE TABLE cdr_attempt
(
    call_start             TIMESTAMPTZ    NOT NULL,
    node_id                TEXT           NOT NULL,
    queue                  TEXT           NOT NULL,
    journal_index          BIGINT         NOT NULL,
    attempt_no             INTEGER        NOT NULL,
    customer_trunk         TEXT           NOT NULL,
    vendor_trunk           TEXT           NOT NULL,
    vendor_call_id         TEXT           NOT NULL,
    calling_number         TEXT           NOT NULL,
    called_number_sent     TEXT           NOT NULL,
    routed_prefix          TEXT           NOT NULL,
    routed_rate            NUMERIC(18, 6) NOT NULL,
    start_at               TIMESTAMPTZ    NOT NULL,
    first_provisional_at   TIMESTAMPTZ,
    answer_at              TIMESTAMPTZ,
    end_at                 TIMESTAMPTZ    NOT NULL,
    final_code             INTEGER        NOT NULL,
    pdd_ms                 INTEGER        NOT NULL,
    duration_ms            BIGINT         NOT NULL,
    buy_prefix             TEXT           NOT NULL,
    buy_rate               NUMERIC(18, 6) NOT NULL,
    buy_connect_fee        NUMERIC(18, 6) NOT NULL,
    buy_first_increment_s  INTEGER        NOT NULL,
    buy_next_increment_s   INTEGER        NOT NULL,
    buy_minimum_s          INTEGER        NOT NULL,
    buy_billed_s           BIGINT         NOT NULL,
    cost                   NUMERIC(18, 6) NOT NULL,
    buy_destination        TEXT           NOT NULL,
    PRIMARY KEY (call_start, node_id, queue, journal_index, attempt_no)
) PARTITION BY RANGE (call_start);

CREATE INDEX cdr_attempt_vendor ON cdr_attempt (vendor_trunk, call_start);

-- One row per hour of call start, customer, vendor (the answered one, else the last tried, else
-- '') and destination (the sell rate's name, else ''). calls counts each call once (on its final
-- vendor's row), attempts counts vendor attempts on their own vendor's row, answered counts
-- answered attempts (= answered calls).
CREATE TABLE cdr_hourly
(
    hour           TIMESTAMPTZ    NOT NULL,
    customer_trunk TEXT           NOT NULL,
    vendor_trunk   TEXT           NOT NULL,
    destination    TEXT           NOT NULL,
    calls          BIGINT         NOT NULL,
    attempts       BIGINT         NOT NULL,
    answered       BIGINT         NOT NULL,
    duration_ms    BIGINT         NOT NULL,
    sell_billed_s  BIGINT         NOT NULL,
    buy_billed_s   BIGINT         NOT NULL,
    revenue        NUMERIC(24, 6) NOT NULL,
    cost           NUMERIC(24, 6) NOT NULL,
    PRIMARY KEY (hour, customer_trunk, vendor_trunk, destination)
);

-- The Chronicle index of the last record of each journal queue that is in the tables above.
CREATE TABLE cdr_journal_position
(
    node_id    TEXT        NOT NULL,
    queue      TEXT        NOT NULL,
    last_index BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (node_id, queue)
);
