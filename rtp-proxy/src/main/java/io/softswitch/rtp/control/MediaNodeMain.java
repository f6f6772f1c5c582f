package io.softswitch.rtp.control;

import io.softswitch.rtp.MediaIo;
import io.softswitch.rtp.RelayConfig;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CountDownLatch;

/**
 * {@code softswitch media ...}: the relay alone on a media node, controlled over Aeron UDP by the
 * switches that name its control endpoint. Runs until SIGTERM or SIGINT.
 */
public final class MediaNodeMain
{
    /** The command line. */
    public static final String USAGE = """
        usage: softswitch media --control HOST:PORT [--bind ADDRESS] [--advertise ADDRESS]
                                [--ports MIN-MAX] [--media-timeout-s N] [--hold-timeout-s N]
                                [--one-way-timeout-s N] [--quarantine-ms N] [--threads N]
                                [--realtime-priority N] [--coalesce-us N] [--io epoll|io_uring]
          --control            where switches send commands (Aeron UDP endpoint of this node)
          --bind               local address of the RTP sockets (default 127.0.0.1)
          --advertise          address announced in SDP (default: the bind address)
          --ports              RTP port range, even/odd pairs (default 30000-39999)
          --realtime-priority  relay threads in SCHED_FIFO at this priority, 1-99 (default 0: normal)
          --coalesce-us        at most one relay turn per this many us while packets flow, 0 for
                               a turn per wake-up (default 500)
          --io                 relay I/O backend: epoll or io_uring (default io_uring)
        """;

    private MediaNodeMain()
    {
    }

    /**
     * Parses the command line into a relay setup and a control endpoint.
     *
     * @param args the arguments after {@code media}.
     * @return the setup.
     * @throws IllegalArgumentException on a bad command line, with what is wrong.
     */
    static Options parse(final String[] args)
    {
        RelayConfig config = RelayConfig.defaults();
        String control = null;
        InetAddress bind = config.bindAddress();
        InetAddress advertise = null;
        long media = config.mediaTimeoutMs();
        long hold = config.holdTimeoutMs();
        long oneWay = config.oneWayTimeoutMs();
        long quarantine = config.quarantineMs();
        int threads = config.workers();
        int realtime = config.realtimePriority();
        long coalesce = config.coalesceUs();
        MediaIo io = config.io();
        try
        {
            for (int i = 0; i < args.length; i++)
            {
                final String value = i + 1 < args.length ? args[i + 1] : null;
                if (value == null)
                {
                    throw new IllegalArgumentException("missing value after " + args[i]);
                }
                switch (args[i])
                {
                    case "--control" -> control = value;
                    case "--bind" -> bind = InetAddress.getByName(value);
                    case "--advertise" -> advertise = InetAddress.getByName(value);
                    case "--ports" ->
                    {
                        final int dash = value.indexOf('-');
                        if (dash < 0)
                        {
                            throw new IllegalArgumentException("--ports wants MIN-MAX, got " + value);
                        }
                        config = config.withPorts(Integer.parseInt(value.substring(0, dash)),
                            Integer.parseInt(value.substring(dash + 1)));
                    }
                    case "--media-timeout-s" -> media = Long.parseLong(value) * 1000;
                    case "--hold-timeout-s" -> hold = Long.parseLong(value) * 1000;
                    case "--one-way-timeout-s" -> oneWay = Long.parseLong(value) * 1000;
                    case "--quarantine-ms" -> quarantine = Long.parseLong(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--realtime-priority" -> realtime = Integer.parseInt(value);
                    case "--coalesce-us" -> coalesce = Long.parseLong(value);
                    case "--io" -> io = MediaIo.parse(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("unknown address: " + ex.getMessage());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("not a number: " + ex.getMessage());
        }
        if (control == null)
        {
            throw new IllegalArgumentException("--control HOST:PORT is required");
        }
        config = config.withAddresses(bind, advertise == null ? bind : advertise)
            .withTimeouts(quarantine, media, Math.max(hold, media), oneWay, config.learnWindowMs())
            .withSizes(threads, config.sessionsPerWorker(), config.socketBufferBytes())
            .withScheduling(realtime, coalesce)
            .withIo(io);
        return new Options(config, "aeron:udp?endpoint=" + control);
    }

    /**
     * What the command line asked for.
     *
     * @param config         the relay's setup.
     * @param commandChannel the Aeron channel switches send to.
     */
    record Options(RelayConfig config, String commandChannel)
    {
    }

    /**
     * Runs a media node until the process is told to stop.
     *
     * @param args the arguments after {@code media}.
     * @param out  where to say it started.
     * @param err  where usage errors go.
     * @return the exit status: 0 after a clean stop, 2 for a bad command line, 1 when it cannot start.
     * @throws InterruptedException never in practice.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("softswitch media: " + ex.getMessage());
            err.print(USAGE);
            return 2;
        }
        final MediaService service;
        try
        {
            service = MediaService.launch(options.config(), options.commandChannel());
        }
        catch (final RuntimeException ex)
        {
            err.println("softswitch media: cannot start: " + ex.getMessage());
            return 1;
        }
        final RelayConfig config = options.config();
        out.println("media node: control " + options.commandChannel() + ", RTP " + config.bindAddress().getHostAddress()
            + " ports " + config.minPort() + "-" + config.maxPort() + ", advertised "
            + config.advertisedAddress().getHostAddress());
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            service.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /**
     * Runs a media node.
     *
     * @param args the arguments after {@code media}.
     * @throws InterruptedException never in practice.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final int status = run(args, System.out, System.err);
        if (status != 0)
        {
            System.exit(status);
        }
    }
}
