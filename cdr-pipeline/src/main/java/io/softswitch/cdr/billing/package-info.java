/**
 * The billing tailer: reads every journal queue of a node, rates each call, and writes CDRs,
 * attempts, hourly aggregates and journal positions in one PostgreSQL transaction per batch
 * ({@link io.softswitch.cdr.billing.BillingTailer}).
 */
package io.softswitch.cdr.billing;
