package io.softswitch.signaling.call;

/**
 * Who ended a call.
 */
public enum Party
{
    /** The originating carrier: its BYE or CANCEL. */
    CUSTOMER,
    /** The terminating carrier: its BYE, or the failure response that ended the hunt. */
    VENDOR,
    /** The switch itself: a limit, a timer, overload, routing or shutdown. */
    SWITCH
}
