package io.softswitch.cdr;

/**
 * The binary layout of one journal excerpt: the CDR of one call followed by one record per
 * vendor attempt, in one Chronicle Queue document, so that a crash can never leave a call
 * without its attempts (a document is complete or absent). Little-endian, as Chronicle Bytes
 * writes; times are epoch milliseconds (0 = did not happen); money is micro-units.
 *
 * <pre>
 * Call record
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-------------------------------+---------------+---------------+
 * |      layout version (u16)     | attempts (u8) | hung up by(u8)|  0
 * +-------------------------------+---------------+---------------+
 * |  code sent to customer (u16)  |     flags (u16, bit0: cut)    |  4
 * +-------------------------------+-------------------------------+
 * |                  INVITE received epoch ms (i64)               |  8
 * |                 first provisional epoch ms (i64)              | 16
 * |                       answer epoch ms (i64)                   | 24
 * |                        end epoch ms (i64)                     | 32
 * |                    answered duration ms (i64)                 | 40
 * |              customer sell rate, micros/min (i64)             | 48
 * +---------------------------------------------------------------+
 * |                         PDD ms (i32)                          | 56
 * +---------------------------------------------------------------+
 * |  customer leg media: lost, expected, jitter µs, MOS×100 (4×i32)| 60
 * |  vendor leg media:   lost, expected, jitter µs, MOS×100 (4×i32)| 76
 * +---------------------------------------------------------------+
 * |  text fields, each a u16 length then the bytes (ASCII):       | 92
 * |  node id, customer trunk, customer Call-ID, calling number,   |
 * |  called number received, called number normalised,           |
 * |  sell prefix, end reason                                      |
 * +---------------------------------------------------------------+
 * Then, "attempts" times, the attempt record
 * +---------------------------------------------------------------+
 * |                     INVITE sent epoch ms (i64)                |  0
 * |                 first provisional epoch ms (i64)              |  8
 * |                       answer epoch ms (i64)                   | 16
 * |                        end epoch ms (i64)                     | 24
 * |              routed vendor rate, micros/min (i64)             | 32
 * +---------------------------------------------------------------+
 * |                         PDD ms (i32)                          | 40
 * +-------------------------------+-------------------------------+
 * |       final SIP code (u16)    |        reserved (u16)         | 44
 * +-------------------------------+-------------------------------+
 * |  text fields: vendor trunk, our Call-ID, number sent,         | 48
 * |  routed vendor prefix                                         |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A reader refuses a record whose layout version it does not know; new fields go at the end
 * of the fixed part under a new version.
 */
public final class CdrLayout
{
    /** The version this code writes. */
    public static final int VERSION = 1;

    /** Fixed part of the call record, before its text fields. */
    public static final int CALL_FIXED_LENGTH = 92;

    /** Fixed part of an attempt record, before its text fields. */
    public static final int ATTEMPT_FIXED_LENGTH = 48;

    /** Most attempts kept per call; the hunt of a Class 4 switch is a handful of vendors. */
    public static final int MAX_ATTEMPTS = 32;

    /** Capacity of a Call-ID field (RFC 3261 sets no limit; carriers' are far shorter). */
    public static final int MAX_CALL_ID = 256;

    /** Capacity of a number or prefix field. */
    public static final int MAX_NUMBER = 64;

    /** Capacity of a trunk name, node id or end reason. */
    public static final int MAX_NAME = 64;

    /** Flag bit: some text was longer than its field and was cut. */
    public static final int FLAG_TRUNCATED = 1;

    private CdrLayout()
    {
    }
}
