/**
 * CDRs: the Chronicle Queue journal written from each event loop when a call ends
 * ({@link io.softswitch.cdr.CdrJournal}, {@link io.softswitch.cdr.JournalWriter},
 * {@link io.softswitch.cdr.CdrRecord} and its {@link io.softswitch.cdr.CdrLayout}). Rating is in
 * {@code rating}, the billing tailer that stores rated CDRs in PostgreSQL exactly once in
 * {@code billing}, the margin report and CDR export in {@code report}; see
 * {@code docs/billing.md}.
 */
package io.softswitch.cdr;
