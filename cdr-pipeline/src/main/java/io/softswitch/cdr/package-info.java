/**
 * CDRs: the Chronicle Queue journal written at call end and the billing tailer that rates
 * and stores them. Filled by the CDR issue.
 */
package io.softswitch.cdr;
