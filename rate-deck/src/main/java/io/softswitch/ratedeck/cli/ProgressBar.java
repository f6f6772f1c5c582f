package io.softswitch.ratedeck.cli;

import io.softswitch.ratedeck.ImportProgress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A one-line progress bar on a terminal stream: percent of the file's bytes read, rows read, rows
 * per second. Redrawn at most four times a second; ends with a newline when the file is read.
 */
final class ProgressBar implements ImportProgress
{
    private static final int WIDTH = 30;
    private static final long REDRAW_NS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintStream out;
    private final long startNs;
    private long lastDrawNs;

    ProgressBar(final PrintStream out)
    {
        this.out = out;
        this.startNs = System.nanoTime();
        this.lastDrawNs = startNs - REDRAW_NS;
    }

    @Override
    public void onProgress(final long rowsRead, final long bytesRead, final long totalBytes)
    {
        final long nowNs = System.nanoTime();
        final boolean done = bytesRead >= totalBytes;
        if (!done && nowNs - lastDrawNs < REDRAW_NS)
        {
            return;
        }
        lastDrawNs = nowNs;
        out.print(render(rowsRead, bytesRead, totalBytes, nowNs - startNs));
        if (done)
        {
            out.println();
        }
        out.flush();
    }

    @Override
    public void onValidated(final long rowsRead, final long rowsRefused)
    {
        out.printf(Locale.ROOT, "validated %,d rows (%,d refused) in %.1f s; diffing against the deck in force...%n",
            rowsRead, rowsRefused, (System.nanoTime() - startNs) / 1e9);
        out.flush();
    }

    /**
     * The bar as drawn, carriage return first so that it overwrites the previous one.
     *
     * @param rowsRead   rows read.
     * @param bytesRead  bytes read.
     * @param totalBytes file size.
     * @param elapsedNs  time since the start.
     * @return the line.
     */
    static String render(final long rowsRead, final long bytesRead, final long totalBytes, final long elapsedNs)
    {
        final double fraction = totalBytes == 0 ? 1.0 : Math.min(1.0, (double)bytesRead / totalBytes);
        final int filled = (int)(fraction * WIDTH);
        final long rowsPerSecond = elapsedNs <= 0 ? 0 : rowsRead * TimeUnit.SECONDS.toNanos(1) / elapsedNs;
        return String.format(Locale.ROOT, "\r[%s%s] %5.1f%% %,d rows %,d rows/s",
            "#".repeat(filled), "-".repeat(WIDTH - filled), fraction * 100, rowsRead, rowsPerSecond);
    }
}
