package io.softswitch.app.admin;

import io.softswitch.signaling.SwitchConfig;
import io.softswitch.signaling.trunk.AddressRange;
import io.softswitch.signaling.trunk.CustomerTrunk;
import io.softswitch.signaling.trunk.FailoverPolicy;
import io.softswitch.signaling.trunk.NumberRules;
import io.softswitch.signaling.trunk.ProbePolicy;
import io.softswitch.signaling.trunk.VendorTrunk;

import java.util.BitSet;
import java.util.List;

/**
 * The JSON documents of the admin API's read-only provisioning views: trunks as
 * configured. Written by hand: a handful of flat records do not earn a JSON library.
 */
final class TrunksJson
{
    private TrunksJson()
    {
    }

    /**
     * {@code {"customers":[...],"vendors":[...]}}.
     */
    static String trunks(final SwitchConfig config)
    {
        final StringBuilder json = new StringBuilder(1024);
        json.append("{\"customers\":[");
        final List<CustomerTrunk> customers = config.customers();
        for (int i = 0; i < customers.size(); i++)
        {
            if (i > 0)
            {
                json.append(',');
            }
            customer(json, customers.get(i));
        }
        json.append("],\"vendors\":[");
        final List<VendorTrunk> vendors = config.vendors();
        for (int i = 0; i < vendors.size(); i++)
        {
            if (i > 0)
            {
                json.append(',');
            }
            vendor(json, vendors.get(i));
        }
        return json.append("]}").toString();
    }


    private static void customer(final StringBuilder json, final CustomerTrunk trunk)
    {
        json.append("{\"name\":");
        string(json, trunk.name());
        json.append(",\"sources\":");
        strings(json, trunk.sources().stream().map(AddressRange::toString).toList());
        json.append(",\"techPrefix\":");
        string(json, trunk.techPrefix());
        final NumberRules rules = trunk.numberRules();
        json.append(",\"numberRules\":{\"stripPrefix\":");
        string(json, rules.stripPrefix());
        json.append(",\"internationalPrefix\":");
        string(json, rules.internationalPrefix());
        json.append(",\"nationalPrefix\":");
        string(json, rules.nationalPrefix());
        json.append(",\"countryCode\":");
        string(json, rules.countryCode());
        json.append(",\"addPrefix\":");
        string(json, rules.addPrefix());
        json.append("},\"cpsLimit\":").append(trunk.cpsLimit())
            .append(",\"concurrentLimit\":").append(trunk.concurrentLimit());
        final FailoverPolicy failover = trunk.failover();
        json.append(",\"failover\":{\"rerouteOn\":");
        codes(json, failover.rerouteOn());
        json.append(",\"stopOn\":");
        codes(json, failover.stopOn());
        json.append(",\"provisionalTimeoutMs\":").append(failover.provisionalTimeoutMs())
            .append(",\"maxAttempts\":").append(failover.maxAttempts()).append("}}");
    }

    private static void vendor(final StringBuilder json, final VendorTrunk trunk)
    {
        json.append("{\"name\":");
        string(json, trunk.name());
        json.append(",\"host\":");
        string(json, trunk.host());
        json.append(",\"port\":").append(trunk.port())
            .append(",\"transport\":\"").append(trunk.transport().name()).append('"')
            .append(",\"cpsLimit\":").append(trunk.cpsLimit())
            .append(",\"concurrentLimit\":").append(trunk.concurrentLimit());
        final ProbePolicy probe = trunk.probe();
        json.append(",\"probe\":{\"enabled\":").append(probe.enabled())
            .append(",\"intervalMs\":").append(probe.intervalMs())
            .append(",\"failuresToDown\":").append(probe.failuresToDown())
            .append(",\"successesToUp\":").append(probe.successesToUp()).append("}}");
    }

    private static void codes(final StringBuilder json, final BitSet codes)
    {
        json.append('[');
        for (int code = codes.nextSetBit(0); code >= 0; code = codes.nextSetBit(code + 1))
        {
            if (json.charAt(json.length() - 1) != '[')
            {
                json.append(',');
            }
            json.append(code);
        }
        json.append(']');
    }

    private static void strings(final StringBuilder json, final List<String> values)
    {
        json.append('[');
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                json.append(',');
            }
            string(json, values.get(i));
        }
        json.append(']');
    }

    /**
     * Appends a JSON string (RFC 8259 §7): quote, backslash and control characters escaped.
     */
    private static void string(final StringBuilder json, final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        json.append('"');
    }
}
