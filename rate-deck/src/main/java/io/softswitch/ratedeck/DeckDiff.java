package io.softswitch.ratedeck;

import java.util.List;

/**
 * What a deck import changes against the deck in force: counts and rows per {@link ChangeKind},
 * as carriers check it before accepting a deck.
 *
 * @param counts  how many rows of each kind.
 * @param changes every row, file rows in file order then removed prefixes in prefix order.
 */
public record DeckDiff(DiffCounts counts, List<RateChange> changes)
{
    /**
     * Copies the rows.
     */
    public DeckDiff
    {
        changes = List.copyOf(changes);
    }

    /**
     * The rows of one kind.
     *
     * @param kind the kind.
     * @return those rows, in diff order.
     */
    public List<RateChange> changes(final ChangeKind kind)
    {
        return changes.stream().filter(change -> change.kind() == kind).toList();
    }
}
