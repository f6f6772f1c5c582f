/**
 * Rate decks: CSV import with validation, effective dates, versions and history in PostgreSQL.
 * Filled by the rate-deck issue; the signaling core does not use it yet.
 */
package io.softswitch.ratedeck;
