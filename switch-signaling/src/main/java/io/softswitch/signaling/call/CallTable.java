package io.softswitch.signaling.call;

import io.softswitch.signaling.codec.SipMessage;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;

import java.net.InetSocketAddress;
import java.util.ArrayList;

import static io.softswitch.signaling.codec.SipBytes.hash;

/**
 * The calls of one loop: a pool of call objects indexed by slot (the vendor legs' Call-IDs name
 * the slot), and the customer Call-IDs hashed to the calls that carry them.
 */
final class CallTable
{
    private final CallLoop loop;
    private final Long2ObjectHashMap<Call> customerCalls = new Long2ObjectHashMap<>();
    private final ArrayList<Call> calls = new ArrayList<>();
    private final IntArrayList freeSlots = new IntArrayList();
    private int activeCalls;

    CallTable(final CallLoop loop)
    {
        this.loop = loop;
    }

    /**
     * How many calls the loop holds, ended ones still absorbing retransmissions included.
     */
    int activeCalls()
    {
        return activeCalls;
    }

    /**
     * Takes a call from the pool for a customer Call-ID; calls whose Call-IDs share a hash (or a
     * Call-ID: a new INVITE reusing one) are chained.
     */
    Call allocate(final long key)
    {
        activeCalls++;
        final Call call;
        if (!freeSlots.isEmpty())
        {
            call = calls.get(freeSlots.removeAt(freeSlots.size() - 1));
        }
        else
        {
            call = new Call(loop, calls.size());
            calls.add(call);
        }
        call.customerKey = key;
        call.sameKey = customerCalls.put(key, call);
        return call;
    }

    /**
     * The live call in a slot, if its generation matches.
     */
    Call callAt(final int slot, final int generation)
    {
        if (slot < 0 || slot >= calls.size())
        {
            return null;
        }
        final Call call = calls.get(slot);
        return call.generation == generation && call.phase != Call.Phase.FREE ? call : null;
    }

    /**
     * The call whose customer dialog a request or response belongs to: same Call-ID, and for a
     * request either the INVITE's own transaction (retransmission, CANCEL, ACK of a failure) from
     * where the INVITE came, or our To tag (RFC 3261 §12.2.2); anything else is outside every call.
     */
    Call findCustomerCall(final SipMessage message, final InetSocketAddress sender)
    {
        final long key = hash(message.buffer(), message.callIdOffset(), message.callIdLength());
        for (Call call = customerCalls.get(key); call != null; call = call.sameKey)
        {
            if (call.customer.hasCallId(message) &&
                (!message.isRequest() || call.customer.isInDialog(message, sender)))
            {
                return call;
            }
        }
        return null;
    }

    /**
     * Gives a call back to the pool once it has ended and its last transaction terminated.
     */
    void free(final Call call)
    {
        final Call head = customerCalls.get(call.customerKey);
        if (head == call)
        {
            if (call.sameKey == null)
            {
                customerCalls.remove(call.customerKey);
            }
            else
            {
                customerCalls.put(call.customerKey, call.sameKey);
            }
        }
        else
        {
            Call previous = head;
            while (previous != null && previous.sameKey != call)
            {
                previous = previous.sameKey;
            }
            if (previous != null)
            {
                previous.sameKey = call.sameKey;
            }
        }
        call.sameKey = null;
        call.release();
        freeSlots.addInt(call.slot);
        activeCalls--;
    }

    /**
     * Drops every call without signalling: the switch is closing.
     */
    void abandonAll()
    {
        for (int i = 0; i < calls.size(); i++)
        {
            final Call call = calls.get(i);
            if (call.phase != Call.Phase.FREE)
            {
                call.abandon();
            }
        }
    }
}
