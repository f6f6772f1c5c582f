package io.softswitch.signaling.trunk;

import java.util.regex.Pattern;

/**
 * The rule for trunk names: short, and safe as a metrics tag and a file name.
 */
final class TrunkNames
{
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private TrunkNames()
    {
    }

    static void requireValid(final String name)
    {
        if (!VALID.matcher(name).matches())
        {
            throw new IllegalArgumentException(
                "trunk name must be 1-64 of letters, digits, '_', '.', '-': name=" + name);
        }
    }
}
