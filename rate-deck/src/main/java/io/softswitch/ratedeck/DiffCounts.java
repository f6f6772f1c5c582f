package io.softswitch.ratedeck;

/**
 * How many prefixes of a deck version fall in each {@link ChangeKind}.
 *
 * @param newCount  prefixes without a rate before.
 * @param increased prefixes that cost more.
 * @param decreased prefixes that cost less.
 * @param removed   prefixes a replace import leaves out.
 * @param unchanged prefixes at the same price.
 */
public record DiffCounts(long newCount, long increased, long decreased, long removed, long unchanged)
{
    /**
     * The count of one kind.
     *
     * @param kind the kind.
     * @return its count.
     */
    public long of(final ChangeKind kind)
    {
        return switch (kind)
        {
            case NEW -> newCount;
            case INCREASED -> increased;
            case DECREASED -> decreased;
            case REMOVED -> removed;
            case UNCHANGED -> unchanged;
        };
    }
}
