/**
 * The switch's meters in Micrometer, low cardinality by construction (per trunk, per status class,
 * per rejection reason; never per call), resolved once so that the call path only increments.
 */
package io.softswitch.signaling.metrics;
