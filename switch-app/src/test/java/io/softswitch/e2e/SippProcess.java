package io.softswitch.e2e;

import io.softswitch.signaling.trunk.Transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One SIPp process playing a carrier in an end-to-end test: a scenario from the test resources
 * ({@code /sipp/*.xml}), bound to a chosen address and port, with a bounded call count, rate and
 * overall time, its statistics, errors and every message it sent or received traced to files in
 * a directory of the test's own. Started with {@link ProcessBuilder} (never in SIPp's own
 * background mode) so that the test holds its PID and {@link #close()} can stop exactly it.
 *
 * <p>SIPp's exit code is 0 when every call followed the scenario, 1 when any failed, 99 when no
 * call was processed; see {@link #awaitExit(Duration)}.
 */
final class SippProcess implements AutoCloseable
{
    /** Where Debian's {@code sip-tester} installs SIPp; the tests fail, never skip, without it. */
    static final Path SIPP = Path.of("/usr/bin/sipp");

    private static final String TRACE_SEPARATOR = "----------------------------------------------- ";
    private static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String RECEIVED = " message received ";
    private static final String SENT = " message sent ";

    private final String name;
    private final Path directory;
    private final int localPort;
    private final Process process;

    private SippProcess(final String name, final Path directory, final int localPort, final Process process)
    {
        this.name = name;
        this.directory = directory;
        this.localPort = localPort;
        this.process = process;
    }

    /**
     * Starts describing a SIPp caller (client mode) that calls {@code remoteHost:remotePort}.
     *
     * @param scenario   file name under {@code /sipp/} in the test resources.
     * @param remoteHost address of the peer the calls go to.
     * @param remotePort port of that peer.
     * @return the options, to be completed and started.
     */
    static Options uac(final String scenario, final String remoteHost, final int remotePort)
    {
        return new Options(scenario, remoteHost + ":" + remotePort);
    }

    /**
     * Starts describing a SIPp callee (server mode) that answers calls on its local port.
     *
     * @param scenario file name under {@code /sipp/} in the test resources.
     * @return the options, to be completed and started.
     */
    static Options uas(final String scenario)
    {
        return new Options(scenario, null);
    }

    /**
     * The port SIPp bound: its Via and Contact carry it.
     *
     * @return the port.
     */
    int localPort()
    {
        return localPort;
    }

    /**
     * Whether SIPp is still running.
     *
     * @return true while it runs.
     */
    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Waits for SIPp to finish on its own (its {@code -m} calls done, or its {@code -timeout}).
     *
     * @param deadline the longest wait; the test's own bound on top of SIPp's.
     * @return SIPp's exit code.
     * @throws AssertionError when SIPp has not exited by the deadline (it is then stopped).
     */
    int awaitExit(final Duration deadline)
    {
        try
        {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS))
            {
                close();
                throw new AssertionError("sipp did not exit in time: name=" + name + " deadline=" + deadline +
                    System.lineSeparator() + diagnostics());
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            close();
            throw new AssertionError("interrupted waiting for sipp: name=" + name, ex);
        }
    }

    /**
     * Waits for SIPp to exit and requires exit code 0: every call followed the scenario.
     *
     * @param deadline the longest wait.
     * @return the final statistics.
     * @throws AssertionError with SIPp's errors when it failed or did not exit.
     */
    SippStatistics awaitSuccess(final Duration deadline)
    {
        final int exitCode = awaitExit(deadline);
        if (exitCode != 0)
        {
            throw new AssertionError("sipp failed: name=" + name + " exitCode=" + exitCode +
                System.lineSeparator() + diagnostics());
        }
        return statistics();
    }

    /**
     * The last line of SIPp's statistics file ({@code -trace_stat}, dumped every second and at
     * exit).
     *
     * @return the cumulative counters.
     */
    SippStatistics statistics()
    {
        return SippStatistics.parse(read(file("stat.csv")));
    }

    /**
     * Every SIP message SIPp received, in order, as text (from its {@code -trace_msg} file).
     *
     * @return the messages; empty when it received none.
     */
    List<String> receivedMessages()
    {
        return tracedMessages(RECEIVED);
    }

    /**
     * Every SIP message SIPp sent, in order, as text (from its {@code -trace_msg} file).
     *
     * @return the messages; empty when it sent none.
     */
    List<String> sentMessages()
    {
        return tracedMessages(SENT);
    }

    /**
     * The received requests with the given method, retransmissions included.
     *
     * @param method e.g. {@code INVITE}.
     * @return the requests.
     */
    List<String> receivedRequests(final String method)
    {
        return receivedMessages().stream().filter(message -> message.startsWith(method + " ")).toList();
    }

    /**
     * Waits until SIPp has received a message that starts with the given text.
     *
     * @param start    the start of the message, e.g. {@code "SIP/2.0 200"} or {@code "INVITE "}.
     * @param deadline the longest wait.
     * @throws AssertionError when none came in time, or SIPp exited first.
     */
    void awaitReceived(final String start, final Duration deadline)
    {
        final long deadlineNs = System.nanoTime() + deadline.toNanos();
        while (receivedMessages().stream().noneMatch(message -> message.startsWith(start)))
        {
            if (System.nanoTime() - deadlineNs > 0 || !process.isAlive())
            {
                throw new AssertionError("sipp did not receive: start=" + start + " name=" + name +
                    System.lineSeparator() + diagnostics());
            }
            try
            {
                Thread.sleep(20);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }
    }

    /**
     * When each received request with the given method arrived, by SIPp's clock.
     *
     * @param method e.g. {@code INVITE}.
     * @return the arrival times, in order.
     */
    List<LocalDateTime> receivedRequestTimes(final String method)
    {
        return traced(RECEIVED).stream()
            .filter(message -> message.text().startsWith(method + " "))
            .map(TracedMessage::at)
            .toList();
    }

    /**
     * SIPp's error log and the tail of its screen output, for assertion messages.
     */
    private String diagnostics()
    {
        final String errors = read(file("errors.log"));
        final String screen = read(file("out.log"));
        final int tail = Math.max(0, screen.length() - 3_000);
        return "--- sipp " + name + " (pid " + process.pid() + ") errors:" + System.lineSeparator() + errors +
            System.lineSeparator() + "--- screen tail:" + System.lineSeparator() + screen.substring(tail);
    }

    /**
     * Stops SIPp, by its PID only, when it is still running: SIGTERM, then SIGKILL after 2 s.
     */
    @Override
    public void close()
    {
        if (!process.isAlive())
        {
            return;
        }
        process.destroy();
        try
        {
            if (!process.waitFor(2, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private List<TracedMessage> traced(final String direction)
    {
        final String trace = read(file("messages.log"));
        final List<TracedMessage> messages = new ArrayList<>();
        for (final String entry : trace.split(TRACE_SEPARATOR))
        {
            // "2026-11-21 07:53:23.923083\nUDP message received [554] bytes :\n\nINVITE ..."
            final int stampEnd = entry.indexOf('\n');
            final int directionEnd = stampEnd < 0 ? -1 : entry.indexOf('\n', stampEnd + 1);
            if (directionEnd < 0 || !entry.substring(stampEnd + 1, directionEnd).contains(direction))
            {
                continue;
            }
            final LocalDateTime at = LocalDateTime.parse(entry.substring(0, stampEnd).strip(), TRACE_TIME);
            messages.add(new TracedMessage(at, entry.substring(directionEnd + 1).stripLeading()));
        }
        return messages;
    }

    private List<String> tracedMessages(final String direction)
    {
        return traced(direction).stream().map(TracedMessage::text).toList();
    }

    private Path file(final String suffix)
    {
        return directory.resolve(name + "." + suffix);
    }

    private static String read(final Path file)
    {
        try
        {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private record TracedMessage(LocalDateTime at, String text)
    {
    }

    /**
     * How to run one SIPp: every option has a default fit for a one-call test.
     */
    static final class Options
    {
        private final String scenario;
        private final String remote;
        private String localHost = "127.0.0.1";
        private int localPort;
        private Transport transport = Transport.UDP;
        private String service = "15551234567";
        private int calls = 1;
        private int callsPerSecond = 10;
        private long holdMs;
        private long recvTimeoutMs = 10_000;
        private int timeoutSeconds = 20;
        private final List<String> globals = new ArrayList<>();
        private String mediaHost;
        private boolean rtpEcho;

        private Options(final String scenario, final String remote)
        {
            this.scenario = scenario;
            this.remote = remote;
        }

        /**
         * The address SIPp binds and puts in its Via and Contact ({@code -i}).
         *
         * @param host IP address literal.
         * @return this.
         */
        Options localHost(final String host)
        {
            this.localHost = host;
            return this;
        }

        /**
         * The port SIPp binds ({@code -p}); for a uas, the port the switch sends to. Unset, a
         * free one is picked.
         *
         * @param port the port, free for the chosen transport.
         * @return this.
         */
        Options localPort(final int port)
        {
            this.localPort = port;
            return this;
        }

        /**
         * UDP ({@code -t u1}) or one TCP connection ({@code -t t1}).
         *
         * @param transport the transport.
         * @return this.
         */
        Options transport(final Transport transport)
        {
            this.transport = transport;
            return this;
        }

        /**
         * The dialled number, the Request-URI user part ({@code -s}).
         *
         * @param number digits.
         * @return this.
         */
        Options service(final String number)
        {
            this.service = number;
            return this;
        }

        /**
         * How many calls before SIPp exits ({@code -m}).
         *
         * @param count the calls.
         * @return this.
         */
        Options calls(final int count)
        {
            this.calls = count;
            return this;
        }

        /**
         * New calls per second ({@code -r}); a uac only.
         *
         * @param rate the rate.
         * @return this.
         */
        Options callsPerSecond(final int rate)
        {
            this.callsPerSecond = rate;
            return this;
        }

        /**
         * How long the scenario's {@code <pause/>} holds the call ({@code -d}).
         *
         * @param millis the hold.
         * @return this.
         */
        Options holdMs(final long millis)
        {
            this.holdMs = millis;
            return this;
        }

        /**
         * The longest wait for any expected message before the call fails ({@code -recv_timeout}).
         *
         * @param millis the wait.
         * @return this.
         */
        Options recvTimeoutMs(final long millis)
        {
            this.recvTimeoutMs = millis;
            return this;
        }

        /**
         * The longest SIPp runs at all; reaching it is a failure ({@code -timeout},
         * {@code -timeout_error}).
         *
         * @param seconds the bound.
         * @return this.
         */
        Options timeoutSeconds(final int seconds)
        {
            this.timeoutSeconds = seconds;
            return this;
        }

        /**
         * The address SIPp announces in its SDP and sends RTP from ({@code -mi}); unset, {@code -i}.
         *
         * @param host IP address literal.
         * @return this.
         */
        Options mediaHost(final String host)
        {
            this.mediaHost = host;
            return this;
        }

        /**
         * Echoes every RTP packet back to where it came from ({@code -rtp_echo}).
         *
         * @return this.
         */
        Options rtpEcho()
        {
            this.rtpEcho = true;
            return this;
        }

        /**
         * Sets a global variable of the scenario ({@code -set}), read as {@code [$name]}.
         *
         * @param name  the variable, declared in the scenario's {@code <Global variables=...>}.
         * @param value its value.
         * @return this.
         */
        Options set(final String name, final String value)
        {
            globals.add("-set");
            globals.add(name);
            globals.add(value);
            return this;
        }

        /**
         * Starts SIPp in the background, its files in the directory under the given name.
         *
         * @param name      a short name for its files ({@code name.messages.log} ...).
         * @param directory where its files go; the test's temporary directory.
         * @return the running process.
         * @throws IllegalStateException when SIPp is not installed or cannot start.
         */
        SippProcess start(final String name, final Path directory)
        {
            if (!Files.isExecutable(SIPP))
            {
                throw new IllegalStateException("sipp not installed (Debian package sip-tester): path=" + SIPP);
            }
            final int port = localPort != 0 ? localPort : FreePorts.udpAndTcp(localHost);
            final List<String> command = new ArrayList<>(List.of(
                SIPP.toString(),
                "-sf", scenarioPath().toString(),
                "-i", localHost,
                // The source address of what SIPp sends is -i too, not whatever the kernel picks.
                "-bind_local",
                "-p", Integer.toString(port),
                "-t", transport == Transport.TCP ? "t1" : "u1",
                "-s", service,
                "-m", Integer.toString(calls),
                "-r", Integer.toString(callsPerSecond),
                "-d", Long.toString(holdMs),
                "-recv_timeout", Long.toString(recvTimeoutMs),
                "-timeout", timeoutSeconds + "s",
                "-timeout_error",
                // SIPp binds an RTP echo port even when the scenario plays no media: give it a free one.
                "-mp", Integer.toString(FreePorts.udpAndTcp(localHost)),
                "-nostdin",
                "-trace_msg", "-message_file", directory.resolve(name + ".messages.log").toString(),
                "-trace_err", "-error_file", directory.resolve(name + ".errors.log").toString(),
                "-trace_stat", "-stf", directory.resolve(name + ".stat.csv").toString(), "-fd", "1"));
            command.addAll(globals);
            if (mediaHost != null)
            {
                command.addAll(List.of("-mi", mediaHost));
            }
            if (rtpEcho)
            {
                command.add("-rtp_echo");
            }
            if (remote != null)
            {
                command.add(remote);
            }
            final Path screen = directory.resolve(name + ".out.log");
            try
            {
                final Process process = new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(screen.toFile())
                    .start();
                if (remote == null)
                {
                    awaitListening(process, port);
                }
                return new SippProcess(name, directory, port, process);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot start sipp: command=" + command, ex);
            }
        }

        /**
         * Waits until the SIPp server's socket is bound: a switch started right after it binds its
         * own ports to whatever the kernel picks, and could otherwise be given the very number this
         * SIPp was told to use (the switch then sends its INVITEs to itself). Read from the
         * kernel's socket tables, so the wait touches no socket of SIPp's.
         */
        private void awaitListening(final Process process, final int port) throws IOException
        {
            final String table = (transport == Transport.TCP ? "/proc/net/tcp" : "/proc/net/udp") +
                (localHost.contains(":") ? "6" : "");
            final String local = String.format(":%04X ", port);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (process.isAlive() && System.nanoTime() < deadline)
            {
                for (final String line : Files.readAllLines(Path.of(table)))
                {
                    final String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && (fields[1] + " ").endsWith(local) &&
                        (transport != Transport.TCP || "0A".equals(fields[3])))
                    {
                        return;
                    }
                }
                try
                {
                    Thread.sleep(10);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        private Path scenarioPath()
        {
            final URL resource = SippProcess.class.getResource("/sipp/" + scenario);
            if (resource == null)
            {
                throw new IllegalArgumentException("no such scenario: scenario=" + scenario);
            }
            try
            {
                return Path.of(resource.toURI());
            }
            catch (final URISyntaxException ex)
            {
                throw new IllegalArgumentException("bad scenario location: scenario=" + scenario, ex);
            }
        }
    }
}
