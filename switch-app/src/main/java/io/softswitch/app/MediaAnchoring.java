package io.softswitch.app;

import io.softswitch.app.config.MediaSettings;
import io.softswitch.rtp.control.AeronMediaDriver;
import io.softswitch.rtp.control.MediaControlClient;
import io.softswitch.rtp.control.MediaService;
import io.softswitch.signaling.media.MediaPlane;
import org.agrona.CloseHelper;

/**
 * The switch's media relay as the composition starts it: in the switch's own process (an embedded
 * Aeron driver, the relay's threads, control over IPC: the default), or a media node elsewhere
 * reached over Aeron UDP; and the {@link MediaPlane} that gives each event loop its control client.
 */
final class MediaAnchoring implements AutoCloseable
{
    private final MediaService service;
    private final AeronMediaDriver driver;
    private final MediaPlane plane;

    private MediaAnchoring(final MediaService service, final AeronMediaDriver driver, final MediaPlane plane)
    {
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
            return new MediaAnchoring(null, null, MediaPlane.none());
        }
        if (settings.relayChannel() == null)
        {
            final MediaService service = MediaService.launch(settings.relay(), MediaService.IPC);
            final MediaPlane plane = new MediaPlane(
                loop -> service.newLocalClient(settings.controllerId() + loop), settings.defaults(), settings.trunks());
            return new MediaAnchoring(service, null, plane);
        }
        final AeronMediaDriver driver = AeronMediaDriver.launch("switch");
        try
        {
            final MediaPlane plane = new MediaPlane(loop -> new MediaControlClient(driver.aeron(), settings.relayChannel(),
                settings.replyChannel(), settings.controllerId() + loop), settings.defaults(), settings.trunks());
            return new MediaAnchoring(null, driver, plane);
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

    @Override
    public void close()
    {
        CloseHelper.closeAll(service, driver);
    }
}
