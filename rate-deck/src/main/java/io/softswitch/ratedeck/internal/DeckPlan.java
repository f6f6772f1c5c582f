package io.softswitch.ratedeck.internal;

import io.softswitch.ratedeck.ChangeKind;
import io.softswitch.ratedeck.DeckDiff;
import io.softswitch.ratedeck.DiffCounts;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.RateChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What importing a file does to a deck's schedule: the diff against the deck in force, and which
 * stored rows the new version ends or supersedes.
 *
 * <p>The rules:
 * <ul>
 *   <li>A file's rows for a prefix replace that prefix's schedule from the earliest of them on:
 *       a stored row that started earlier ends there; a stored row that starts there or later is
 *       superseded (it never applies, and stays for history).</li>
 *   <li>Within the file, a prefix's row ends where its next row starts.</li>
 *   <li>In {@link ImportMode#REPLACE}, a prefix absent from the file ends at the version's time
 *       the same way; in {@link ImportMode#UPDATE} it is left alone.</li>
 *   <li>Each file row is compared with the stored rate in force at the row's own start.</li>
 *   <li>A prefix's only file row that repeats its only stored rate (same terms, same end) is
 *       carried over: the stored row goes on, and nothing is written or ended for it. A monthly
 *       deck that changes a tenth of its prices writes a tenth of its rows.</li>
 * </ul>
 */
public final class DeckPlan
{
    private final DeckDiff diff;
    private final long rowsToWrite;
    private final List<ScheduledRate> ended = new ArrayList<>();
    private final List<Instant> endedAt = new ArrayList<>();
    private final List<ScheduledRate> superseded = new ArrayList<>();

    private DeckPlan(
        final ParsedDeck parsed,
        final Map<String, ScheduledRate> schedule,
        final ImportMode mode,
        final Instant versionFrom)
    {
        long increased = 0;
        long decreased = 0;
        long unchanged = 0;
        long added = 0;
        final List<RateChange> changes = new ArrayList<>(parsed.rows().size());
        for (final DeckRow row : parsed.rows())
        {
            compare(row, schedule.get(row.prefix));
            switch (row.change)
            {
                case NEW -> added++;
                case INCREASED -> increased++;
                case DECREASED -> decreased++;
                default -> unchanged++;
            }
            changes.add(row.toChange());
        }
        long written = 0;
        for (final DeckRow head : parsed.byPrefix().values())
        {
            final ScheduledRate stored = schedule.get(head.prefix);
            if (repeatsStored(head, stored))
            {
                head.carriedOver = true;
                continue;
            }
            final Instant earliest = cutWithinFile(head);
            endFrom(stored, earliest);
        }
        for (final DeckRow row : parsed.rows())
        {
            written += row.carriedOver ? 0 : 1;
        }
        rowsToWrite = written;
        final List<RateChange> removed = new ArrayList<>();
        if (mode == ImportMode.REPLACE)
        {
            for (final ScheduledRate stored : schedule.values())
            {
                if (!parsed.byPrefix().containsKey(stored.prefix))
                {
                    removed.add(removedChange(stored, versionFrom));
                    endFrom(stored, versionFrom);
                }
            }
            removed.sort(Comparator.comparing(RateChange::prefix));
            changes.addAll(removed);
        }
        diff = new DeckDiff(new DiffCounts(added, increased, decreased, removed.size(), unchanged), changes);
    }

    /**
     * Plans an import.
     *
     * @param parsed      the validated file.
     * @param schedule    the deck's stored rates that apply at or after the version's time, by prefix.
     * @param mode        replace or update.
     * @param versionFrom when the version takes effect.
     * @return the plan.
     */
    public static DeckPlan plan(
        final ParsedDeck parsed,
        final Map<String, ScheduledRate> schedule,
        final ImportMode mode,
        final Instant versionFrom)
    {
        return new DeckPlan(parsed, schedule, mode, versionFrom);
    }

    /**
     * The diff against the deck in force.
     *
     * @return the diff.
     */
    public DeckDiff diff()
    {
        return diff;
    }

    /**
     * How many file rows the version writes (those not carried over).
     *
     * @return the count.
     */
    public long rowsToWrite()
    {
        return rowsToWrite;
    }

    List<ScheduledRate> ended()
    {
        return ended;
    }

    List<Instant> endedAt()
    {
        return endedAt;
    }

    List<ScheduledRate> superseded()
    {
        return superseded;
    }

    private static void compare(final DeckRow row, final ScheduledRate storedHead)
    {
        for (ScheduledRate stored = storedHead; stored != null; stored = stored.next)
        {
            if (stored.inForceAt(row.effectiveFrom))
            {
                row.previousRateMicros = stored.rateMicros;
                final int byRate = Long.compare(row.rateMicros, stored.rateMicros);
                final int byPrice = byRate != 0 ? byRate : Long.compare(row.connectFeeMicros, stored.connectFeeMicros);
                row.change = byPrice > 0 ? ChangeKind.INCREASED : byPrice < 0 ? ChangeKind.DECREASED : ChangeKind.UNCHANGED;
                return;
            }
        }
        row.change = ChangeKind.NEW;
    }

    private static boolean repeatsStored(final DeckRow head, final ScheduledRate stored)
    {
        return head.samePrefix == null
            && stored != null
            && stored.next == null
            && stored.inForceAt(head.effectiveFrom)
            && stored.sameTerms(head);
    }

    private static Instant cutWithinFile(final DeckRow head)
    {
        if (head.samePrefix == null)
        {
            return head.effectiveFrom;
        }
        final List<DeckRow> same = new ArrayList<>();
        for (DeckRow row = head; row != null; row = row.samePrefix)
        {
            same.add(row);
        }
        same.sort(Comparator.comparing(row -> row.effectiveFrom));
        for (int i = 0; i + 1 < same.size(); i++)
        {
            final DeckRow row = same.get(i);
            final Instant nextFrom = same.get(i + 1).effectiveFrom;
            if (row.effectiveUntil == null || row.effectiveUntil.isAfter(nextFrom))
            {
                row.effectiveUntil = nextFrom;
            }
        }
        return same.get(0).effectiveFrom;
    }

    private void endFrom(final ScheduledRate storedHead, final Instant at)
    {
        for (ScheduledRate stored = storedHead; stored != null; stored = stored.next)
        {
            if (!stored.effectiveFrom.isBefore(at))
            {
                superseded.add(stored);
            }
            else if (stored.effectiveUntil == null || stored.effectiveUntil.isAfter(at))
            {
                ended.add(stored);
                endedAt.add(at);
            }
        }
    }

    private static RateChange removedChange(final ScheduledRate storedHead, final Instant versionFrom)
    {
        ScheduledRate shown = storedHead;
        for (ScheduledRate stored = storedHead; stored != null; stored = stored.next)
        {
            if (stored.inForceAt(versionFrom))
            {
                shown = stored;
                break;
            }
        }
        return new RateChange(ChangeKind.REMOVED, shown.prefix, shown.destination, shown.rateMicros, RateChange.NO_RATE,
            versionFrom, 0);
    }
}
