package io.softswitch.app.cdr;

import io.softswitch.cdr.CdrRecord;
import io.softswitch.signaling.call.EndReason;
import io.softswitch.signaling.call.EndedCall;
import io.softswitch.signaling.call.Party;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CdrJournalListenerTest
{
    @Test
    void shouldCarryEachLegsMediaQualityIntoTheCdr()
    {
        final CdrRecord record = CdrJournalListener.fill(new CdrRecord(), new AnchoredCall(), "node-1");

        assertThat(record.customerMedia().packetsLost()).isEqualTo(3);
        assertThat(record.customerMedia().packetsExpected()).isEqualTo(1_003);
        assertThat(record.customerMedia().jitterMicros()).isEqualTo(1_250);
        assertThat(record.customerMedia().mosTimes100()).isEqualTo(428);
        assertThat(record.vendorMedia().packetsLost()).isZero();
        assertThat(record.vendorMedia().packetsExpected()).isEqualTo(998);
        assertThat(record.vendorMedia().jitterMicros()).isEqualTo(400);
        assertThat(record.vendorMedia().mosTimes100()).isEqualTo(441);
    }

    @Test
    void shouldLeaveMediaEmptyForACallThatWasNotAnchored()
    {
        final CdrRecord record = CdrJournalListener.fill(new CdrRecord(), new AnchoredCall()
        {
            @Override
            public long mediaPackets(final int leg)
            {
                return 0;
            }

            @Override
            public long mediaLost(final int leg)
            {
                return 0;
            }

            @Override
            public long mediaJitterUs(final int leg)
            {
                return 0;
            }

            @Override
            public int mediaMosX100(final int leg)
            {
                return 0;
            }
        }, "node-1");

        assertThat(record.customerMedia().packetsExpected()).isZero();
        assertThat(record.vendorMedia().mosTimes100()).isZero();
    }

    /** An answered call from acme to vendor-a whose relay reported both legs. */
    private static class AnchoredCall implements EndedCall
    {
        @Override
        public CharSequence customerTrunk()
        {
            return "acme";
        }

        @Override
        public CharSequence customerCallId()
        {
            return "abc@customer";
        }

        @Override
        public CharSequence callingNumber()
        {
            return "441234";
        }

        @Override
        public CharSequence calledNumberReceived()
        {
            return "0012125550100";
        }

        @Override
        public CharSequence calledNumberNormalised()
        {
            return "12125550100";
        }

        @Override
        public long inviteReceivedEpochMs()
        {
            return 1_000;
        }

        @Override
        public long firstProvisionalEpochMs()
        {
            return 1_100;
        }

        @Override
        public long answerEpochMs()
        {
            return 2_000;
        }

        @Override
        public long endEpochMs()
        {
            return 22_000;
        }

        @Override
        public int customerFinalCode()
        {
            return 200;
        }

        @Override
        public EndReason endReason()
        {
            return EndReason.CUSTOMER_BYE;
        }

        @Override
        public Party hungUpBy()
        {
            return Party.CUSTOMER;
        }

        @Override
        public CharSequence sellPrefix()
        {
            return "1212";
        }

        @Override
        public long sellRateMicrosPerMinute()
        {
            return 10_000;
        }

        @Override
        public int attemptCount()
        {
            return 1;
        }

        @Override
        public CharSequence vendorTrunk(final int attempt)
        {
            return "vendor-a";
        }

        @Override
        public CharSequence vendorCallId(final int attempt)
        {
            return "xyz@switch";
        }

        @Override
        public CharSequence calledNumberSent(final int attempt)
        {
            return "12125550100";
        }

        @Override
        public CharSequence vendorPrefix(final int attempt)
        {
            return "1";
        }

        @Override
        public long vendorRateMicrosPerMinute(final int attempt)
        {
            return 6_500;
        }

        @Override
        public long attemptStartEpochMs(final int attempt)
        {
            return 1_010;
        }

        @Override
        public long attemptFirstProvisionalEpochMs(final int attempt)
        {
            return 1_100;
        }

        @Override
        public long attemptAnswerEpochMs(final int attempt)
        {
            return 2_000;
        }

        @Override
        public long attemptEndEpochMs(final int attempt)
        {
            return 22_000;
        }

        @Override
        public int attemptFinalCode(final int attempt)
        {
            return 200;
        }

        @Override
        public long mediaPackets(final int leg)
        {
            return leg == 0 ? 1_000 : 998;
        }

        @Override
        public long mediaLost(final int leg)
        {
            return leg == 0 ? 3 : 0;
        }

        @Override
        public long mediaJitterUs(final int leg)
        {
            return leg == 0 ? 1_250 : 400;
        }

        @Override
        public int mediaMosX100(final int leg)
        {
            return leg == 0 ? 428 : 441;
        }
    }
}
