package io.softswitch.signaling.call;

/**
 * Where the parts an ACK or CANCEL must repeat (RFC 3261 §17.1.1.3, §9.1) lie in an INVITE we
 * wrote: recorded while writing it, so that building the ACK or CANCEL re-parses nothing.
 * Offsets are from the start of the encoded INVITE.
 */
final class SentInvite
{
    int uriOffset;
    int uriLength;
    int viaOffset;
    int viaLength;
    int fromOffset;
    int fromLength;
    int toOffset;
    int toLength;
    int callIdOffset;
    int callIdLength;
    long cseq;
}
