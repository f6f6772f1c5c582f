package io.softswitch.signaling.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The record of refused INVITEs: a retransmission is recognised for 64 × T1, a later CSeq is a new
 * INVITE, and a full record forgets its oldest refusal first.
 */
class RefusedInvitesTest
{
    private static final long CALL_A = 0x1234_5678_9ABCL;
    private static final long CALL_B = 0x0FED_CBA9_8765L;

    @Test
    void shouldRecogniseARetransmissionUntilTheLifetimeEnds()
    {
        final RefusedInvites refused = new RefusedInvites(8);
        final long key = RefusedInvites.key(CALL_A, 1);
        refused.add(key, 1_000);

        assertThat(refused.contains(key, 1_000 + RefusedInvites.LIFETIME_NS - 1)).isTrue();
        assertThat(refused.contains(key, 1_000 + RefusedInvites.LIFETIME_NS)).isFalse();
        assertThat(refused.size()).isZero();
    }

    @Test
    void shouldTreatAHigherCseqOrAnotherCallIdAsANewInvite()
    {
        final RefusedInvites refused = new RefusedInvites(8);
        refused.add(RefusedInvites.key(CALL_A, 1), 0);

        assertThat(refused.contains(RefusedInvites.key(CALL_A, 2), 0)).isFalse();
        assertThat(refused.contains(RefusedInvites.key(CALL_B, 1), 0)).isFalse();
        assertThat(refused.contains(RefusedInvites.key(CALL_A, 1), 0)).isTrue();
    }

    @Test
    void shouldForgetTheOldestRefusalWhenFull()
    {
        final RefusedInvites refused = new RefusedInvites(4);
        for (int cseq = 1; cseq <= 5; cseq++)
        {
            refused.add(RefusedInvites.key(CALL_A, cseq), cseq);
        }

        assertThat(refused.size()).isEqualTo(4);
        assertThat(refused.contains(RefusedInvites.key(CALL_A, 1), 5)).isFalse();
        for (int cseq = 2; cseq <= 5; cseq++)
        {
            assertThat(refused.contains(RefusedInvites.key(CALL_A, cseq), 5)).isTrue();
        }
    }

    @Test
    void shouldRefuseACapacityThatIsNotAPowerOfTwo()
    {
        assertThatThrownBy(() -> new RefusedInvites(100)).isInstanceOf(IllegalArgumentException.class);
    }
}
