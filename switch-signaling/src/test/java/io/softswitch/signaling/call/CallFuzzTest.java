package io.softswitch.signaling.call;

import io.softswitch.signaling.SwitchHooks;
import io.softswitch.signaling.trunk.CallTimerPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static io.softswitch.signaling.call.EmbeddedCallLoop.CUSTOMER;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_1;
import static io.softswitch.signaling.call.EmbeddedCallLoop.VENDOR_2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A seeded fuzz run of mutated INVITEs and of the requests that follow them (ACKs with an
 * INVITE's CSeq, foreign tags, CANCELs, BYEs, bytes flipped or cut), with vendors that answer at
 * random: however the calls were abused, every one ends within the call timers, and
 * {@code calls_active} and the call table come back to zero.
 */
class CallFuzzTest
{
    private static final long SEED = 0x5eed_f00dL;
    private static final int ROUNDS = 1_500;

    private EmbeddedCallLoop calls;

    @AfterEach
    void releaseEverything()
    {
        calls.close();
    }

    @Test
    void shouldEndEveryCallAndLeaveNothingActiveAfterAFuzzRunOfMutatedInvites()
    {
        final long[] ended = new long[1];
        calls = new EmbeddedCallLoop(new ScriptedRouting("vendor-1", "vendor-2"), 3_000,
            SwitchHooks.none().withCallEndListener(call -> ended[0]++), new CallTimerPolicy(60, 120, 90));
        final Random random = new Random(SEED);
        int answeredByVendors = 0;
        int seen = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            final String callId = "fuzz-" + random.nextInt(400);
            final String branch = "z9hG4bK-f" + random.nextInt(50);
            final String toTag = random.nextBoolean() ? null : "x" + random.nextInt(4);
            final String method = pick(random, "INVITE", "INVITE", "INVITE", "ACK", "CANCEL", "BYE", "UPDATE");
            final String cseqMethod = random.nextInt(5) == 0 ? pick(random, "INVITE", "ACK", "BYE") : method;
            final String message = method + " sip:4420794" + random.nextInt(100_000) + "@192.0.2.1 SIP/2.0\n" +
                "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=" + branch + "\n" +
                "Max-Forwards: " + random.nextInt(71) + "\n" +
                "From: <sip:alice@127.0.0.1>;tag=" + (random.nextBoolean() ? "c-tag" : "t" + random.nextInt(3)) + "\n" +
                "To: <sip:442079460000@192.0.2.1>" + (toTag == null ? "" : ";tag=" + toTag) + "\n" +
                "Call-ID: " + callId + "\n" +
                "CSeq: " + (1 + random.nextInt(3)) + " " + cseqMethod + "\n" +
                "Contact: <sip:alice@127.0.0.1:5070>\n" +
                "Content-Length: 0\n\n";
            calls.receive(mutate(random, message), CUSTOMER);
            // Vendors answer what reached them, at random: ringing, answer, failure, or nothing.
            final List<EmbeddedCallLoop.Sent> invites = calls.sentTo(random.nextBoolean() ? VENDOR_1 : VENDOR_2, "INVITE");
            if (invites.size() > seen && random.nextInt(3) > 0)
            {
                final EmbeddedCallLoop.Sent invite = invites.get(random.nextInt(invites.size()));
                final int code = pick(random, 180, 200, 200, 486, 503);
                calls.vendorResponse(invite.text(), invite.to(), code, "v" + random.nextInt(3));
                answeredByVendors += code == 200 ? 1 : 0;
            }
            seen = invites.size();
            calls.advanceMs(random.nextInt(40));
        }
        assertThat(answeredByVendors).as("the run answered calls").isGreaterThan(50);
        assertThat(ended[0]).as("calls that ended during the run").isPositive();

        // Longest a call may live here: 60 s of duration after Timer B, C or H ran out.
        calls.advanceMs(600_000);

        assertThat(calls.loop.callCount()).isZero();
        assertThat(calls.registry.get("softswitch.calls.active").tag("side", "customer").gauge().value()).isZero();
        assertThat(calls.registry.get("softswitch.calls.active").tag("trunk", "vendor-1").gauge().value()).isZero();
        assertThat(calls.registry.get("softswitch.calls.active").tag("trunk", "vendor-2").gauge().value()).isZero();
    }

    @SafeVarargs
    private static <T> T pick(final Random random, final T... choices)
    {
        return choices[random.nextInt(choices.length)];
    }

    /** Leaves a message alone, flips a byte, cuts it short, or doubles a header line. */
    private static String mutate(final Random random, final String message)
    {
        final char[] chars = message.toCharArray();
        switch (random.nextInt(6))
        {
            case 0 ->
            {
                final int at = random.nextInt(chars.length);
                chars[at] = (char)(32 + random.nextInt(95));
                return new String(chars);
            }
            case 1 ->
            {
                return message.substring(0, random.nextInt(message.length()));
            }
            case 2 ->
            {
                final String[] lines = message.split("\n");
                final String line = lines[1 + random.nextInt(lines.length - 3)];
                return message.replace(line + "\n", line + "\n" + line + "\n");
            }
            default ->
            {
                return message;
            }
        }
    }
}
