package io.softswitch.rtp;

/**
 * What the relay tells its controller, on the controller's thread: conditions of a stream and
 * its statistics. Must not block; the report is valid only during the call.
 */
public interface MediaListener
{
    /**
     * A stream's media timed out or went one-way.
     *
     * @param callRef    the call.
     * @param mediaIndex the media line.
     * @param type       a {@link MediaEventType}.
     * @param side       for one-way audio the silent side (0 or 1); -1 otherwise.
     */
    void onMediaEvent(long callRef, int mediaIndex, int type, int side);

    /**
     * A stream's statistics: the reply to a query, or the final report after a delete.
     *
     * @param report the report.
     */
    void onStreamReport(StreamReport report);
}
