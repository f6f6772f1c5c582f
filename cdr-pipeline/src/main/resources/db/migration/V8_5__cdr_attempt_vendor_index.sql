-- Billing write speed, third step (issue 8: 20,000 rated CDRs/s in any order of call starts).
--
-- cdr_attempt_vendor is keyed by the vendor trunk alone instead of (vendor_trunk, call_start).
-- A day partition has one entry per attempt either way, but with a handful of vendors the
-- entries of one vendor are equal keys: the index stores them as one posting list per vendor
-- (B-tree deduplication, PostgreSQL 13+) ordered by the row's place in the table, so every new
-- attempt lands at the end of its vendor's list, on one of a few pages that stay in memory. Keyed
-- by start time too, calls billed out of time order (a backlog spread over days) put each entry
-- on a random page of the partition's index.
--
-- The vendor export still reads only its vendor's entries in the day partitions of its range
-- (partition pruning on call_start, then this index), never every attempt of those days; it
-- sorts them by start itself instead of reading them in index order.

DROP INDEX cdr_attempt_vendor;
CREATE INDEX cdr_attempt_vendor ON cdr_attempt (vendor_trunk);
