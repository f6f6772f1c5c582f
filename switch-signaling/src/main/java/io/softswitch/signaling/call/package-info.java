/**
 * The B2BUA: one {@link io.softswitch.signaling.call.CallLoop} per event loop owns its calls
 * (chosen by Call-ID), admits customer INVITEs (trunk, limits, number rules, route), and runs each
 * {@code Call}'s customer and vendor legs as separate dialogs with failover across vendors and
 * OPTIONS probing of vendors. Nothing here is shared between loops except immutable configuration,
 * lock-free limiters and meters.
 */
package io.softswitch.signaling.call;
