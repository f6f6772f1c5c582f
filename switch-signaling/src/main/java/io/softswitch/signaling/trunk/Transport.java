package io.softswitch.signaling.trunk;

/**
 * The SIP transport a trunk is reached over.
 */
public enum Transport
{
    /** One message per datagram; the transaction layer retransmits. */
    UDP,
    /** A byte stream; messages framed by Content-Length, no retransmission. */
    TCP
}
