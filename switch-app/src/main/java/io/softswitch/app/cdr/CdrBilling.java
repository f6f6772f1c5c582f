package io.softswitch.app.cdr;

import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.app.config.CdrSettings;
import io.softswitch.cdr.CdrJournal;
import io.softswitch.cdr.JournalSettings;
import io.softswitch.cdr.billing.BillingPacer;
import io.softswitch.cdr.billing.BillingSettings;
import io.softswitch.cdr.billing.BillingTailer;
import io.softswitch.cdr.billing.CallPathPressure;
import io.softswitch.signaling.SwitchHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The switch's CDR side, as the composition starts it: the journal every ended call is appended
 * to (through {@link CdrJournalListener}), the admission refusal that turns new calls away with
 * 503 while the journal cannot take CDRs, and the billing tailer into the switch's database, which
 * waits while the event loops are under pressure (up to {@code cdr.billing-max-defer-seconds}).
 */
public final class CdrBilling implements AutoCloseable
{
    /** The admission refusal's reason tag ({@code softswitch.calls.refused{reason=cdr_journal}}). */
    public static final String REFUSAL_REASON = "cdr_journal";

    private static final Logger LOG = LoggerFactory.getLogger(CdrBilling.class);

    private final CdrJournal journal;
    private final BillingTailer tailer;

    private CdrBilling(final CdrJournal journal, final BillingTailer tailer)
    {
        this.journal = journal;
        this.tailer = tailer;
    }

    /**
     * Opens the journal and, when billing is on and a database is given, starts the tailer.
     *
     * @param settings   the {@code cdr} block.
     * @param dataSource the billing database (migrated), or {@code null} for none.
     * @param registry   where meters go.
     * @param pressure   the event loops' pressure, which billing yields to.
     * @return the running CDR side, or {@code null} when CDRs are disabled.
     */
    public static CdrBilling start(final CdrSettings settings, final DataSource dataSource,
        final MeterRegistry registry, final CallPathPressure pressure)
    {
        if (!settings.enabled())
        {
            LOG.warn("CDRs disabled (cdr.enabled: false): calls are not journaled");
            return null;
        }
        final JournalSettings journalSettings = new JournalSettings(settings.journalDirectory(), settings.nodeId(),
            settings.rollCycle(), settings.retention(), settings.freeSpaceFloorBytes(),
            JournalSettings.DEFAULT_DISK_CHECK_INTERVAL);
        final CdrJournal journal = CdrJournal.open(journalSettings, registry);
        // One queue per SIP event loop (the switch runs one loop per core), opened now.
        journal.prepareWriters(Runtime.getRuntime().availableProcessors());
        BillingTailer tailer = null;
        if (settings.billing() && dataSource != null)
        {
            tailer = new BillingTailer(new BillingSettings(journalSettings, settings.batchSize(),
                Duration.ofMillis(50), Duration.ofSeconds(30)), dataSource, registry, Clock.systemUTC())
                .pacedBy(new BillingPacer(pressure, settings.billingMaxDefer(), System::nanoTime).register(registry));
            tailer.start();
        }
        LOG.info("CDR journal in {} (node {}), billing {}", journalSettings.directory().toAbsolutePath(),
            settings.nodeId(), tailer == null ? "off" : "on");
        return new CdrBilling(journal, tailer);
    }

    /**
     * Hooks with the journal's listener and its admission refusal added.
     *
     * @param hooks the hooks so far.
     * @return the hooks to start the switch with.
     */
    public SwitchHooks addTo(final SwitchHooks hooks)
    {
        final CdrJournal j = journal;
        return hooks.withCallEndListener(new CdrJournalListener(j))
            .withAdmissionRefusal(REFUSAL_REASON, () -> !j.writable());
    }

    /**
     * The journal.
     *
     * @return the journal.
     */
    public CdrJournal journal()
    {
        return journal;
    }

    /**
     * The billing tailer.
     *
     * @return the tailer, or {@code null} when billing runs elsewhere.
     */
    public BillingTailer tailer()
    {
        return tailer;
    }

    /**
     * Stops the tailer, then closes the journal. Call after the SIP side has stopped, so that
     * the last calls' CDRs are in.
     */
    @Override
    public void close()
    {
        if (tailer != null)
        {
            tailer.close();
        }
        journal.close();
    }
}
