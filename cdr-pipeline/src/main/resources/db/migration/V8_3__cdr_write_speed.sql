-- Billing write speed (issue 8: 20,000 rated CDRs/s). Every batch inserts its rows into the
-- indexes of cdr and cdr_attempt and merges its sums into the aggregates' primary keys; these
-- changes make that work smaller without changing what is stored.
--
-- 1. cdr_attempt loses its primary key. It guarded against an attempt stored twice, but an
--    attempt is only ever written in the same transaction as its call's cdr row, whose primary
--    key (call_start, node_id, queue, journal_index) already refuses a batch written twice: the
--    whole transaction fails and rolls back. The vendor export finds attempts by
--    cdr_attempt_vendor and joins cdr by cdr's key; nothing reads cdr_attempt by its own key.
--
-- 2. The text columns that are index or merge keys compare bytewise (COLLATE "C") instead of in
--    the database's locale: trunk names, node ids, queue names and destinations are identifiers,
--    not prose, and a locale comparison (strcoll) costs far more than memcmp in every index
--    insertion, sort and merge. Reports list keys in byte order.

ALTER TABLE cdr_attempt DROP CONSTRAINT cdr_attempt_pkey;

ALTER TABLE cdr
    ALTER COLUMN node_id TYPE TEXT COLLATE "C",
    ALTER COLUMN queue TYPE TEXT COLLATE "C",
    ALTER COLUMN customer_trunk TYPE TEXT COLLATE "C";

ALTER TABLE cdr_attempt
    ALTER COLUMN node_id TYPE TEXT COLLATE "C",
    ALTER COLUMN queue TYPE TEXT COLLATE "C",
    ALTER COLUMN vendor_trunk TYPE TEXT COLLATE "C";

ALTER TABLE cdr_hourly
    ALTER COLUMN customer_trunk TYPE TEXT COLLATE "C",
    ALTER COLUMN vendor_trunk TYPE TEXT COLLATE "C",
    ALTER COLUMN destination TYPE TEXT COLLATE "C";

ALTER TABLE cdr_daily_key
    ALTER COLUMN dimension TYPE TEXT COLLATE "C",
    ALTER COLUMN key TYPE TEXT COLLATE "C";
