-- Billing write speed, seventh step (issue 8: 20,000 rated CDRs/s in any order of call starts).
--
-- The daily roll-up and the hourly totals leave half of each page free (fillfactor 50, was 70
-- since V8_4). A batch updates each of their rows it touches once (the sums are made per batch in
-- memory), and within the batch's transaction the old versions cannot be pruned yet: an update
-- stays on its page (HOT, no new index entry) only while the page has room for a second version
-- of its rows. At 70 a page has room for about 20 new versions of its 48 rows, so when a batch
-- touches every row of a page (calls spread over the month touch every day's rows in every batch)
-- the rest moved to other pages with a new primary-key entry each; at 50 a page holds as many free
-- slots as rows. Both tables hold days x keys rows, so the space does not matter.
--
-- Pages written before this migration keep their fill; they hold past days, which a tailer in
-- time order no longer updates. cdr_hourly_sums stays at 70: its rows are mostly inserted once
-- per hour and key, and measured at 50 it was not faster.

ALTER TABLE cdr_daily_sums SET (fillfactor = 50);
ALTER TABLE cdr_hourly_total SET (fillfactor = 50);
