package io.softswitch.signaling.transaction;

/**
 * A transaction user that counts what it hears.
 */
final class RecordingListener implements TransactionListener
{
    int timeouts;
    int terminations;

    @Override
    public void onTimeout(final Transaction transaction)
    {
        timeouts++;
    }

    @Override
    public void onTerminated(final Transaction transaction)
    {
        terminations++;
    }
}
