package io.softswitch.app;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.admin.DeckApi;
import io.softswitch.app.admin.TextField;
import io.softswitch.ratedeck.ColumnMapping;
import io.softswitch.ratedeck.DeckDirection;
import io.softswitch.ratedeck.DeckImportRequest;
import io.softswitch.ratedeck.DeckImportResult;
import io.softswitch.ratedeck.DeckStore;
import io.softswitch.ratedeck.DiffCounts;
import io.softswitch.ratedeck.ImportMode;
import io.softswitch.ratedeck.ImportProgress;
import io.softswitch.ratedeck.RateChange;
import io.softswitch.ratedeck.RowError;
import io.softswitch.ratedeck.RowProblem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rate decks of a running switch as the admin API changes them: imports checked against the
 * trunks that exist before the upload is read, stored through the {@link DeckStore}, and followed
 * by a reload of {@link LiveRouting}; and each deck's history.
 *
 * <p>An import is refused, with nothing stored, when: the trunk does not exist (404) or is on the
 * other side from the direction (400); the mode is missing (a replace removes every prefix the
 * file does not list, so it is never implied); a parameter is malformed (400); the file holds no
 * rows (400) or refused rows (422); or a replace would remove more than
 * {@code admin.replace-confirm-percent} of the deck's live prefixes without
 * {@code confirm-removals=true} (409).
 */
public final class LiveDecks implements DeckApi
{
    private static final int MAX_REPORTED_ERRORS = 1_000;
    private static final int MAX_REPORTED_CHANGES = 1_000;
    private static final int MAX_FILE_NAME_CHARS = 128;

    private final DeckStore store;
    private final LiveRouting routing;
    private final TrunkDirectory trunks;
    private final int replaceConfirmPercent;

    /**
     * Creates the deck API.
     *
     * @param store                 the deck store; {@code null} without a database (every request answers 503).
     * @param routing               what is reloaded after a stored import.
     * @param trunks                the trunks that exist.
     * @param replaceConfirmPercent the share of live prefixes a replace may remove unconfirmed.
     */
    public LiveDecks(final DeckStore store, final LiveRouting routing, final TrunkDirectory trunks,
        final int replaceConfirmPercent)
    {
        this.store = store;
        this.routing = routing;
        this.trunks = trunks;
        this.replaceConfirmPercent = replaceConfirmPercent;
    }

    /** The checked parameters of an import. */
    private record ImportParams(String trunk, DeckDirection direction, ImportMode mode, ColumnMapping mapping,
        Instant effective, boolean dryRun, boolean acceptDrop, boolean confirmRemovals, String fileName)
    {
    }

    @Override
    public ApiReply checkImport(final Map<String, String> query)
    {
        try
        {
            params(query);
            return null;
        }
        catch (final Refusal refusal)
        {
            return refusal.reply;
        }
    }

    @Override
    public ApiReply importDeck(final Map<String, String> query, final Path file)
    {
        final ImportParams params;
        try
        {
            // Again: the trunk may have been removed while the body was arriving.
            params = params(query);
        }
        catch (final Refusal refusal)
        {
            return refusal.reply;
        }
        final DeckImportResult result;
        try
        {
            // One import or reload at a time: a reload never swaps in a snapshot older than one swapped.
            synchronized (routing)
            {
                result = store.importDeck(new DeckImportRequest(params.trunk(), params.direction(), file,
                    params.mapping(), params.mode(), params.effective(), params.dryRun(), params.acceptDrop(),
                    replaceConfirmPercent, params.confirmRemovals()), ImportProgress.NONE);
                if (result.outcome() == DeckImportResult.Outcome.STORED)
                {
                    routing.reload();
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String tempName = file.getFileName().toString();
        if (result.errors().size() == 1 && result.errors().getFirst().problem() == RowProblem.NO_ROWS)
        {
            return ApiReply.badRequest("the deck holds no rate rows (empty, or a header alone): file=" + params.fileName());
        }
        return switch (result.outcome())
        {
            case REJECTED -> new ApiReply(422, importReply(result, params.fileName(), tempName, null));
            case NEEDS_CONFIRMATION -> new ApiReply(409, importReply(result, params.fileName(), tempName,
                "a replace would remove " + result.diff().counts().removed() + " live prefixes, more than " +
                    replaceConfirmPercent + "% of the deck: add confirm-removals=true to remove them, " +
                    "or import with mode=update"));
            default -> ApiReply.ok(importReply(result, params.fileName(), tempName, null));
        };
    }

    @Override
    public ApiReply history(final Map<String, String> query)
    {
        if (store == null)
        {
            return ApiReply.error(503, "no rate deck database");
        }
        final String trunk = query.get("trunk");
        final DeckDirection direction;
        try
        {
            direction = direction(query.get("direction"));
            required("trunk", trunk);
        }
        catch (final Refusal refusal)
        {
            return refusal.reply;
        }
        final List<HistoryVersion> versions = store.history(trunk, direction).stream()
            .map(version -> new HistoryVersion(version.versionNo(), lower(version.mode()), version.effectiveFrom(),
                version.importedAt(), version.fileName(), version.mapping(), version.rowsRead(), version.rowsDropped(),
                counts(version.counts())))
            .toList();
        if (versions.isEmpty() && trunks.sideOf(trunk) == null)
        {
            // A removed trunk's history stays readable; a name that never had a deck is an error.
            return ApiReply.notFound("no such trunk: trunk=" + trunk);
        }
        return ApiReply.ok(new History(trunk, lower(direction), versions));
    }

    private ImportParams params(final Map<String, String> query)
    {
        if (store == null)
        {
            throw new Refusal(ApiReply.error(503, "no rate deck database"));
        }
        final String trunk = query.get("trunk");
        required("trunk", trunk);
        final DeckDirection direction = direction(query.get("direction"));
        final DeckDirection side = trunks.sideOf(trunk);
        if (side == null)
        {
            throw new Refusal(ApiReply.notFound("no such trunk: trunk=" + trunk));
        }
        if (side != direction)
        {
            throw new Refusal(ApiReply.badRequest("trunk " + trunk + " is a " + lower(side) +
                " trunk: direction must be " + lower(side) + ", not " + lower(direction)));
        }
        final String modeText = query.get("mode");
        if (modeText == null)
        {
            throw new Refusal(ApiReply.badRequest(
                "mode required: mode=update (only the file's prefixes) or mode=replace (every prefix the file lacks is removed)"));
        }
        final ImportMode mode = switch (modeText)
        {
            case "replace" -> ImportMode.REPLACE;
            case "update" -> ImportMode.UPDATE;
            default -> throw new Refusal(ApiReply.badRequest("mode must be replace or update: mode=" + modeText));
        };
        final ColumnMapping mapping;
        final Instant effective;
        try
        {
            mapping = ColumnMapping.parse(query.getOrDefault("mapping", ColumnMapping.GENERIC));
            effective = query.containsKey("effective") ? Instant.parse(query.get("effective")) : store.now();
        }
        catch (final IllegalArgumentException | DateTimeParseException ex)
        {
            throw new Refusal(ApiReply.badRequest(query.containsKey("effective") && ex instanceof DateTimeParseException ?
                "effective must be an ISO-8601 instant: effective=" + query.get("effective") : ex.getMessage()));
        }
        final String fileName = query.getOrDefault("file", "upload.csv");
        final String fileProblem = TextField.problem("file", fileName, MAX_FILE_NAME_CHARS);
        if (fileProblem != null || fileName.isBlank())
        {
            throw new Refusal(ApiReply.badRequest(fileProblem != null ? fileProblem : "file must not be blank"));
        }
        return new ImportParams(trunk, direction, mode, mapping, effective, flag(query, "dry-run"),
            flag(query, "accept-drop-bad-rows"), flag(query, "confirm-removals"), fileName);
    }

    private static void required(final String name, final String value)
    {
        if (value == null || value.isEmpty())
        {
            throw new Refusal(ApiReply.badRequest(name + " required"));
        }
        final String problem = TextField.problem(name, value, LiveRouting.MAX_NAME_CHARS);
        if (problem != null)
        {
            throw new Refusal(ApiReply.badRequest(problem));
        }
    }

    private static DeckDirection direction(final String text)
    {
        if ("vendor".equals(text))
        {
            return DeckDirection.VENDOR;
        }
        if ("customer".equals(text))
        {
            return DeckDirection.CUSTOMER;
        }
        throw new Refusal(ApiReply.badRequest(text == null ? "direction required: direction=vendor|customer" :
            "direction must be vendor or customer: direction=" + text));
    }

    private static boolean flag(final Map<String, String> query, final String name)
    {
        final String value = query.get(name);
        if (value == null || "false".equals(value))
        {
            return false;
        }
        if ("true".equals(value))
        {
            return true;
        }
        throw new Refusal(ApiReply.badRequest("must be true or false: " + name + "=" + value));
    }

    /** A refused request, thrown from the checks to the method that answers. */
    private static final class Refusal extends RuntimeException
    {
        private static final long serialVersionUID = 1L;
        private final transient ApiReply reply;

        private Refusal(final ApiReply reply)
        {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    private static ImportReply importReply(final DeckImportResult result, final String fileName, final String tempName,
        final String message)
    {
        final List<ImportError> errors = new ArrayList<>();
        for (final RowError error : result.errors().subList(0, Math.min(result.errors().size(), MAX_REPORTED_ERRORS)))
        {
            // The body was spooled to a temporary file: report the name the caller gave.
            final String file = tempName.equals(Path.of(error.file()).getFileName().toString()) ? fileName : error.file();
            errors.add(new ImportError(file, error.line(), lower(error.problem()), error.detail()));
        }
        final List<RateChange> changes = result.diff().changes();
        final List<ImportChange> reported = new ArrayList<>();
        for (final RateChange change : changes.subList(0, Math.min(changes.size(), MAX_REPORTED_CHANGES)))
        {
            reported.add(new ImportChange(lower(change.kind()), change.prefix(), change.previousRateMicros(),
                change.rateMicros(), change.effectiveFrom()));
        }
        return new ImportReply(lower(result.outcome()), message, result.versionNo(), result.rowsRead(),
            result.rowsAccepted(), result.errors().size(), errors, counts(result.diff().counts()), reported);
    }

    private static Counts counts(final DiffCounts counts)
    {
        return new Counts(counts.newCount(), counts.increased(), counts.decreased(), counts.removed(),
            counts.unchanged());
    }

    private static String lower(final Enum<?> value)
    {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The body of {@code GET /api/decks/history}.
     *
     * @param trunk     the trunk.
     * @param direction {@code vendor} or {@code customer}.
     * @param versions  its versions, as the store lists them.
     */
    record History(String trunk, String direction, List<HistoryVersion> versions)
    {
    }

    /**
     * One deck version in {@link History}.
     *
     * @param version       version number.
     * @param mode          {@code replace} or {@code update}.
     * @param effectiveFrom when its rates start.
     * @param importedAt    when it was imported.
     * @param file          the imported file's name.
     * @param mapping       the column mapping used.
     * @param rowsRead      rows read from the file.
     * @param rowsDropped   bad rows dropped.
     * @param diff          what changed against the previous version.
     */
    record HistoryVersion(int version, String mode, Instant effectiveFrom, Instant importedAt, String file,
        String mapping, long rowsRead, long rowsDropped, Counts diff)
    {
    }

    /**
     * The body of {@code POST /api/decks/import}.
     *
     * @param outcome      {@code stored}, {@code rejected}, {@code dry_run} or {@code needs_confirmation}.
     * @param message      why a replace needs confirmation; {@code null} otherwise.
     * @param version      the version stored, as the importer numbers it.
     * @param rowsRead     rows read.
     * @param rowsAccepted rows accepted.
     * @param errorCount   every error found, reported or not.
     * @param errors       the first errors found.
     * @param diff         counts of changes against the deck in force.
     * @param changes      the first changes.
     */
    record ImportReply(String outcome, String message, int version, long rowsRead, long rowsAccepted, int errorCount,
        List<ImportError> errors, Counts diff, List<ImportChange> changes)
    {
    }

    /**
     * One refused row in {@link ImportReply}.
     *
     * @param file    the file, by the name the caller gave.
     * @param line    the line number.
     * @param problem what is wrong, e.g. {@code negative_rate}.
     * @param detail  the detail.
     */
    record ImportError(String file, long line, String problem, String detail)
    {
    }

    /**
     * One changed rate in {@link ImportReply}.
     *
     * @param kind               the change kind in lower case, e.g. {@code decreased}.
     * @param prefix             the prefix.
     * @param previousRateMicros the rate before, micro-units.
     * @param rateMicros         the rate after, micro-units.
     * @param effectiveFrom      when the change applies, or {@code null}.
     */
    record ImportChange(String kind, String prefix, long previousRateMicros, long rateMicros, Instant effectiveFrom)
    {
    }

    /**
     * Diff counts.
     *
     * @param newCount  prefixes new in the version (written as {@code "new"}).
     * @param increased rates increased.
     * @param decreased rates decreased.
     * @param removed   prefixes removed.
     * @param unchanged rates unchanged.
     */
    record Counts(@JsonProperty("new") long newCount, long increased, long decreased, long removed, long unchanged)
    {
    }
}
