/**
 * Finance reports over the billed CDRs: the margin report from the hourly aggregates
 * ({@link io.softswitch.cdr.report.MarginReport}), the CDR export of a trunk
 * ({@link io.softswitch.cdr.report.CdrExport}) and their command line
 * ({@link io.softswitch.cdr.report.ReportCommand}).
 */
package io.softswitch.cdr.report;
