package io.softswitch.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.softswitch.app.admin.ApiReply;
import io.softswitch.app.config.MediaSettings;
import io.softswitch.rtp.control.AeronMediaDriver;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.rtp.control.MediaService;
import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.call.CallEndListener;
import io.softswitch.signaling.media.MediaPlane;
import org.agrona.CloseHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The switch's media relay as the composition starts it: in the switch's own process (an embedded
 * Aeron driver, the relay's threads, control over IPC: the default), or a media node elsewhere
 * reached over Aeron UDP; the {@link MediaPlane} that gives each event loop its control client;
 * and, when configured, the {@link OneWayAudioGuard} that blocks vendors for one-way audio.
 */
final class MediaAnchoring implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(MediaAnchoring.class);
    private static final long GUARD_INTERVAL_MS = 1_000;

    private final MediaSettings settings;
    private final MediaService service;
    private final AeronMediaDriver driver;
    private final MediaPlane plane;
    private ScheduledExecutorService guardThread;

    private MediaAnchoring(final MediaSettings settings, final MediaService service, final AeronMediaDriver driver,
        final MediaPlane plane)
    {
        this.settings = settings;
        this.service = service;
        this.driver = driver;
        this.plane = plane;
    }

    /**
     * Starts what the settings ask for.
     *
     * @param settings the {@code media:} section.
     * @return the running relay link; {@link #plane()} is {@link MediaPlane#none()} when disabled.
     */
    static MediaAnchoring start(final MediaSettings settings)
    {
        if (!settings.enabled())
        {
            return new MediaAnchoring(settings, null, null, MediaPlane.none());
        }
        if (settings.relayChannel() == null)
        {
            final MediaService service = MediaService.launch(settings.relay(), MediaService.IPC);
            final MediaPlane plane = new MediaPlane(
                loop -> service.newLocalClient(settings.controllerId() + loop), settings.defaults(), settings.trunks());
            return new MediaAnchoring(settings, service, null, plane);
        }
        final AeronMediaDriver driver = AeronMediaDriver.launch("switch");
        try
        {
            final MediaPlane plane = new MediaPlane(loop -> new MediaControlClient(driver.aeron(), settings.relayChannel(),
                settings.replyChannel(), settings.controllerId() + loop), settings.defaults(), settings.trunks());
            return new MediaAnchoring(settings, null, driver, plane);
        }
        catch (final RuntimeException ex)
        {
            driver.close();
            throw ex;
        }
    }

    /** @return the media plane for the switch's hooks. */
    MediaPlane plane()
    {
        return plane;
    }

    /**
     * Adds the one-way-audio guard to the hooks when {@code media.one-way-block} is set: it hears
     * every ended call after the listeners already there, and its thread looks at the trunks'
     * windows every second.
     *
     * @param hooks    the hooks so far.
     * @param routing  where its blocks are set (persisted and listed like the NOC's).
     * @param registry where it counts its blocks.
     * @return the hooks to start the switch with.
     */
    SwitchHooks addTo(final SwitchHooks hooks, final LiveRouting routing, final MeterRegistry registry)
    {
        if (!settings.enabled() || settings.oneWayBlock() == null)
        {
            return hooks;
        }
        final OneWayAudioGuard guard = new OneWayAudioGuard(settings.oneWayBlock(), request ->
        {
            final ApiReply reply = routing.block(request, true);
            LOG.warn("vendor {} blocked automatically: {} (status {})", request.vendor(), request.reason(), reply.status());
        }, registry);
        guardThread = Executors.newSingleThreadScheduledExecutor(task ->
        {
            final Thread thread = new Thread(task, "one-way-guard");
            thread.setDaemon(true);
            return thread;
        });
        guardThread.scheduleWithFixedDelay(() -> evaluate(guard), GUARD_INTERVAL_MS, GUARD_INTERVAL_MS,
            TimeUnit.MILLISECONDS);
        final CallEndListener before = hooks.callEndListener();
        return hooks.withCallEndListener(call ->
        {
            before.onCallEnded(call);
            guard.onCallEnded(call);
        });
    }

    private static void evaluate(final OneWayAudioGuard guard)
    {
        try
        {
            guard.evaluate(System.currentTimeMillis());
        }
        catch (final RuntimeException ex)
        {
            // The database may be away for a while: the next look tries again.
            LOG.warn("one-way audio guard: {}", ex.getMessage());
        }
    }

    @Override
    public void close()
    {
        if (guardThread != null)
        {
            guardThread.shutdownNow();
        }
        CloseHelper.closeAll(service, driver);
    }
}
