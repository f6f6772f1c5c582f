-- Billing write speed, sixth step (issue 8: 20,000 rated CDRs/s). Each batch sends about 1.5
-- attempt rows per call by binary COPY, and the server decodes every value of every row; these
-- values said nothing the rows do not already say.
--
-- 1. cdr_attempt loses calling_number: the switch sends the customer's calling number to every
--    vendor unchanged, so it is the call's (cdr.calling_number), which the vendor export reads
--    through the join on cdr's key that it makes anyway.
--
-- 2. The buy-rate columns of an attempt may be NULL: the tailer writes NULL, which the server
--    stores as a bit without decoding a value, for an attempt that has no buy rate (not answered,
--    or answered without a rate in force), where it used to write '' and zeros. buy_billed_s and
--    cost stay NOT NULL (0 for such an attempt), so every sum is unchanged; the export prints NULL
--    as it printed '' and 0, so rows written before and after this migration read the same.

ALTER TABLE cdr_attempt DROP COLUMN calling_number;

ALTER TABLE cdr_attempt
    ALTER COLUMN buy_prefix DROP NOT NULL,
    ALTER COLUMN buy_rate DROP NOT NULL,
    ALTER COLUMN buy_connect_fee DROP NOT NULL,
    ALTER COLUMN buy_first_increment_s DROP NOT NULL,
    ALTER COLUMN buy_next_increment_s DROP NOT NULL,
    ALTER COLUMN buy_minimum_s DROP NOT NULL,
    ALTER COLUMN buy_destination DROP NOT NULL;
