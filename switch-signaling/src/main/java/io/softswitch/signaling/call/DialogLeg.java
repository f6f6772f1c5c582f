package io.softswitch.signaling.call;

import io.softswitch.signaling.transport.SipPeer;
import io.softswitch.signaling.trunk.Transport;

/**
 * One side of a B2BUA call as seen by what sends inside its dialog (BYE, relayed requests): the
 * dialog, and where and how to reach the far end.
 */
interface DialogLeg
{
    /**
     * The leg's dialog, formed once the call is answered (customer side: from the start).
     *
     * @return the dialog.
     */
    Dialog dialog();

    /**
     * Where requests in the dialog go.
     *
     * @return the peer.
     */
    SipPeer peer();

    /**
     * The leg's transport, for our Via and Contact.
     *
     * @return the transport.
     */
    Transport transport();
}
