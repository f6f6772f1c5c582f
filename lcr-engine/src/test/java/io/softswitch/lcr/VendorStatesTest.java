package io.softswitch.lcr;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VendorStatesTest
{
    @Test
    void shouldStartWithEveryVendorUpAndFree()
    {
        final VendorStates states = new VendorStates(3);

        for (int id = 0; id < 3; id++)
        {
            assertThat(states.isDown(id)).isFalse();
            assertThat(states.isAtCapacity(id)).isFalse();
        }
    }

    @Test
    void shouldKeepDownAndCapacityApartPerVendor()
    {
        final VendorStates states = new VendorStates(3);

        states.setDown(1, true);
        states.setAtCapacity(2, true);

        assertThat(states.isDown(1)).isTrue();
        assertThat(states.isAtCapacity(1)).isFalse();
        assertThat(states.isAtCapacity(2)).isTrue();
        assertThat(states.isDown(2)).isFalse();
        states.setDown(1, false);
        assertThat(states.isDown(1)).isFalse();
    }

    @Test
    void shouldKnowWhetherAnyFlagIsSetThroughRepeatedAndUndoneReports()
    {
        final VendorStates states = new VendorStates(3);
        assertThat(states.anySet()).isFalse();

        states.setDown(0, true);
        states.setDown(0, true);
        states.setAtCapacity(2, true);
        states.setDown(0, false);
        assertThat(states.anySet()).isTrue();
        states.setAtCapacity(2, false);
        states.setAtCapacity(2, false);

        assertThat(states.anySet()).isFalse();
    }

    @Test
    void shouldRefuseAnIdOutsideItsCapacity()
    {
        final VendorStates states = new VendorStates(2);

        assertThatThrownBy(() -> states.setDown(2, true)).isInstanceOf(IndexOutOfBoundsException.class)
            .hasMessage("vendor id out of range: vendorId=2 capacity=2");
        assertThatThrownBy(() -> states.isAtCapacity(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new VendorStates(TrunkIds.MAX_IDS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
