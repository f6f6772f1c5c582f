package io.softswitch.signaling.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trunk's audio codec policy: the codecs it allows, in the order it prefers them. Offers keep
 * only those, in that order; an audio offer left with none is a codec mismatch (488). DTMF
 * ({@code telephone-event}, RFC 4733) always passes, after the codecs; T.38 ({@code m=image}) and
 * other media are not audio and pass as offered. An empty policy allows everything as offered.
 * There is no transcoding: a codec the trunk does not allow is removed, never converted.
 */
public final class CodecPolicy
{
    /** Allows every codec, in the offer's order. */
    public static final CodecPolicy ANY = new CodecPolicy(List.of());

    /** Always passes (RFC 4733 DTMF). */
    static final String TELEPHONE_EVENT = "TELEPHONE-EVENT";

    private final String[] allowed;

    /**
     * Creates a policy.
     *
     * @param codecs encoding names in order of preference ({@code PCMA}, {@code G729} ...), any case.
     */
    public CodecPolicy(final List<String> codecs)
    {
        final List<String> names = new ArrayList<>();
        for (final String codec : codecs)
        {
            final String name = codec.trim().toUpperCase(Locale.ROOT);
            if (name.isEmpty() || name.contains(" ") || name.contains("/"))
            {
                throw new IllegalArgumentException("bad codec name codec=" + codec);
            }
            if (!names.contains(name))
            {
                names.add(name);
            }
        }
        this.allowed = names.toArray(new String[0]);
    }

    /** @return whether this policy changes nothing. */
    public boolean allowsAll()
    {
        return allowed.length == 0;
    }

    /** @return the allowed codecs in order. */
    public List<String> codecs()
    {
        return List.of(allowed);
    }

    /** @return how many codecs are allowed (0: any). */
    int size()
    {
        return allowed.length;
    }

    /**
     * @param rank 0 first.
     * @return the codec preferred at that rank.
     */
    String codec(final int rank)
    {
        return allowed[rank];
    }

    @Override
    public String toString()
    {
        return allowsAll() ? "any" : String.join(",", allowed);
    }
}
