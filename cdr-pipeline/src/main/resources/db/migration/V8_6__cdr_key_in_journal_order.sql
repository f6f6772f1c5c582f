-- Billing write speed, fourth step (issue 8: 20,000 rated CDRs/s in any order of call starts).
--
-- cdr's primary key keeps its columns but orders them by where a record sits in its journal:
-- (customer_trunk, node_id, queue, journal_index, call_start) instead of (customer_trunk,
-- call_start, node_id, queue, journal_index). It is unique on the same columns, so a batch written
-- twice still fails as a whole. The tailer writes each queue's records in journal order, so within
-- a day partition every new key of a customer lands after the last one of its queue, on one of a
-- few pages that stay in memory; ordered by start, calls billed out of time order (a backlog
-- spread over days) put each key on a random page of the partition's index, as V8_5 found for the
-- attempts' vendor index.
--
-- The customer export still reads only its customer's keys in the day partitions of its range
-- (partition pruning on call_start, then this key), and sorts them by start itself. The vendor
-- export joins cdr on all five columns, which any order of them serves.

ALTER TABLE cdr DROP CONSTRAINT cdr_pkey;
ALTER TABLE cdr ADD PRIMARY KEY (customer_trunk, node_id, queue, journal_index, call_start);
