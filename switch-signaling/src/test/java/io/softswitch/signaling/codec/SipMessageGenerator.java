package io.softswitch.signaling.codec;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generates valid SIP messages at random, with the routing fields the parser must find in them:
 * random case and compact header names, folding, multi-value Via lines, quoted display names with
 * escapes, IPv4, IPv6 and host names, unknown headers, binary bodies.
 */
final class SipMessageGenerator
{
    /** A generated message and what {@link MessageSnapshot#routingFields} must say about it. */
    record Generated(byte[] bytes, String routingFields)
    {
    }

    private static final String[] METHODS = {"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "UPDATE", "PRACK",
        "X-CUSTOM"};
    private static final String[] TRANSPORTS = {"UDP", "TCP", "TLS", "SCTP", "WS"};
    private static final String TOKEN_CHARS =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~";
    private static final String USER_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()&=+$,;?/";

    private final Random random;

    SipMessageGenerator(final long seed)
    {
        this.random = new Random(seed);
    }

    Random random()
    {
        return random;
    }

    Generated next()
    {
        final boolean request = random.nextInt(4) != 0;
        final StringBuilder head = new StringBuilder();
        final List<String> headers = new ArrayList<>();
        final String cseqMethod = METHODS[random.nextInt(METHODS.length)];
        String method = "null";
        String uriUser = "null";
        String uriHost = "null";
        int uriPort = -1;
        if (request)
        {
            method = cseqMethod;
            final StringBuilder uri = new StringBuilder();
            if (random.nextInt(5) == 0)
            {
                uriUser = "+" + digits(1 + random.nextInt(14));
                uri.append("tel:").append(uriUser);
                if (random.nextBoolean())
                {
                    uri.append(";phone-context=").append(hostName());
                }
            }
            else
            {
                uri.append(random.nextInt(6) == 0 ? "sips:" : "sip:");
                if (random.nextInt(4) != 0)
                {
                    uriUser = random.nextBoolean() ? "+" + digits(1 + random.nextInt(14)) : user();
                    uri.append(uriUser);
                    if (random.nextInt(8) == 0)
                    {
                        uri.append(':').append(token(6));
                    }
                    uri.append('@');
                }
                uriHost = host();
                uri.append(uriHost);
                if (random.nextBoolean())
                {
                    uriPort = random.nextInt(65_536);
                    uri.append(':').append(uriPort);
                }
                if (random.nextBoolean())
                {
                    uri.append(";user=phone;lr");
                }
            }
            head.append(method).append(' ').append(uri).append(" SIP/2.0\r\n");
        }
        else
        {
            head.append("SIP/2.0 ").append(100 + random.nextInt(600)).append(' ')
                .append(random.nextBoolean() ? "Some Reason" : "").append("\r\n");
        }

        final int viaCount = 1 + random.nextInt(4);
        final String transport = TRANSPORTS[random.nextInt(TRANSPORTS.length)];
        final String viaHost = host();
        final int viaPort = random.nextBoolean() ? random.nextInt(65_536) : -1;
        final String branch = random.nextInt(10) == 0 ? "null" : "z9hG4bK" + token(10);
        final StringBuilder vias = new StringBuilder();
        vias.append("SIP").append(lws()).append('/').append(lws()).append("2.0").append(lws()).append('/').append(lws())
            .append(transport).append(fold()).append(viaHost);
        if (viaPort >= 0)
        {
            vias.append(':').append(viaPort);
        }
        if (!"null".equals(branch))
        {
            vias.append(lws()).append(';').append(lws()).append("branch").append(lws()).append('=').append(lws()).append(branch);
        }
        if (random.nextBoolean())
        {
            vias.append(";rport");
        }
        int remaining = viaCount - 1;
        while (remaining > 0 && random.nextBoolean())
        {
            vias.append(" ,").append(fold()).append("SIP/2.0/UDP ").append(host()).append(";branch=z9hG4bK").append(token(5));
            remaining--;
        }
        headers.add(name("Via", "v") + ": " + vias);
        for (int i = 0; i < remaining; i++)
        {
            headers.add(name("Via", "v") + ":" + lws() + "SIP/2.0/TCP " + host() + ";received=" + ipv4() + ";x=\"a,b\"");
        }

        final String fromTag = random.nextInt(8) == 0 ? "null" : token(8);
        headers.add(name("From", "f") + ": " + address(fromTag));
        final String toTag = random.nextBoolean() ? "null" : token(8);
        headers.add(name("To", "t") + ": " + address(toTag));
        final String callId = token(12) + (random.nextBoolean() ? "@" + hostName() : "");
        headers.add(name("Call-ID", "i") + ": " + callId);
        final long cseq = random.nextInt(Integer.MAX_VALUE);
        headers.add(name("CSeq", null) + ": " + cseq + fold() + cseqMethod);
        int maxForwards = -1;
        if (request && random.nextInt(5) != 0)
        {
            maxForwards = random.nextInt(256);
            headers.add(name("Max-Forwards", null) + ": " + (random.nextInt(4) == 0 ? "00" : "") + maxForwards);
        }
        for (int i = random.nextInt(6); i > 0; i--)
        {
            headers.add("X-" + token(6) + ":" + lws() + token(4) + fold() + "\"quoted, \\\"comma\\\"\"" + fold() + token(3));
        }
        if (random.nextBoolean())
        {
            headers.add(name("Contact", "m") + ": \"Doe, J.\" <sip:" + user() + "@" + host() + ">;expires=60, <sip:x@" +
                host() + ">");
        }
        final byte[] body = new byte[random.nextInt(4) == 0 ? random.nextInt(300) : 0];
        random.nextBytes(body);
        headers.add(name("Content-Length", "l") + ":" + lws() + body.length);

        shuffle(headers);
        for (final String header : headers)
        {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(body);

        final String methodName = switch (cseqMethod)
        {
            case "X-CUSTOM" -> "EXTENSION";
            default -> cseqMethod;
        };
        final String fields = String.join("|",
            request ? method : head.substring(8, 11),
            uriUser, uriHost, Integer.toString(uriPort), callId, Long.toString(cseq), methodName,
            Integer.toString(maxForwards), fromTag, toTag, Integer.toString(viaCount), transport, viaHost,
            Integer.toString(viaPort), branch, Integer.toString(body.length), Integer.toString(body.length));
        return new Generated(bytes.toByteArray(), fields);
    }

    private void shuffle(final List<String> headers)
    {
        // Vias keep their order (the first is the top one); everything else moves freely.
        final List<String> vias = new ArrayList<>();
        final List<String> others = new ArrayList<>();
        for (final String header : headers)
        {
            (header.regionMatches(true, 0, "Via", 0, 3) || header.regionMatches(true, 0, "v:", 0, 2) ? vias : others)
                .add(header);
        }
        java.util.Collections.shuffle(others, random);
        headers.clear();
        final int viaAt = random.nextInt(others.size() + 1);
        headers.addAll(others.subList(0, viaAt));
        headers.addAll(vias);
        headers.addAll(others.subList(viaAt, others.size()));
    }

    private String address(final String tag)
    {
        final StringBuilder address = new StringBuilder();
        switch (random.nextInt(3))
        {
            // Without angle brackets the URI may hold no ";", "?" or "," (RFC 3261 §20.10).
            case 0 -> address.append("sip:").append(alnum(6)).append('@').append(host());
            case 1 -> address.append("<sip:").append(user()).append('@').append(host()).append(";transport=udp>");
            default -> address.append("\"A \\\"B\\\", C\"").append(lws()).append("<sip:").append(user()).append('@')
                .append(host()).append('>');
        }
        if (!"null".equals(tag))
        {
            address.append(lws()).append(';').append(random.nextBoolean() ? "tag" : "TAG").append(lws()).append('=')
                .append(lws()).append(tag);
        }
        if (random.nextBoolean())
        {
            address.append(";x-param=\"v;w\"");
        }
        return address.toString();
    }

    private String name(final String full, final String compact)
    {
        if (compact != null && random.nextInt(3) == 0)
        {
            return random.nextBoolean() ? compact : compact.toUpperCase(Locale.ROOT);
        }
        final StringBuilder name = new StringBuilder(full);
        for (int i = 0; i < name.length(); i++)
        {
            if (random.nextInt(4) == 0)
            {
                final char c = name.charAt(i);
                name.setCharAt(i, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
            }
        }
        return name + (random.nextInt(8) == 0 ? " " : "");
    }

    /** Optional whitespace where the grammar allows LWS, sometimes as folding. */
    private String lws()
    {
        return switch (random.nextInt(6))
        {
            case 0 -> " ";
            case 1 -> "\r\n ";
            default -> "";
        };
    }

    /** Mandatory whitespace where the grammar requires LWS, sometimes as folding. */
    private String fold()
    {
        return switch (random.nextInt(4))
        {
            case 0 -> "\r\n\t";
            case 1 -> "  ";
            default -> " ";
        };
    }

    private String host()
    {
        return switch (random.nextInt(3))
        {
            case 0 -> ipv4();
            case 1 -> ipv6();
            default -> hostName();
        };
    }

    private String ipv4()
    {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private String ipv6()
    {
        final int groups = random.nextBoolean() ? 8 : random.nextInt(7);
        final StringBuilder address = new StringBuilder("[");
        for (int i = 0; i < groups; i++)
        {
            if (i > 0)
            {
                address.append(':');
            }
            address.append(Integer.toHexString(random.nextInt(0x10000)));
        }
        if (groups < 8)
        {
            address.append("::");
            if (groups <= 4 && random.nextBoolean())
            {
                address.append("ffff:").append(ipv4());
            }
        }
        return address.append(']').toString();
    }

    private String hostName()
    {
        final StringBuilder name = new StringBuilder();
        for (int i = 1 + random.nextInt(3); i > 0; i--)
        {
            name.append(alnum(1 + random.nextInt(8))).append('.');
        }
        return name.append("example").toString();
    }

    private String user()
    {
        final StringBuilder user = new StringBuilder();
        for (int i = 1 + random.nextInt(12); i > 0; i--)
        {
            user.append(USER_CHARS.charAt(random.nextInt(USER_CHARS.length())));
        }
        return user.toString();
    }

    private String token(final int length)
    {
        final StringBuilder token = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            token.append(TOKEN_CHARS.charAt(random.nextInt(TOKEN_CHARS.length())));
        }
        return token.toString();
    }

    private String alnum(final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.append(TOKEN_CHARS.charAt(random.nextInt(62)));
        }
        return text.toString();
    }

    private String digits(final int length)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++)
        {
            text.append((char)('0' + random.nextInt(10)));
        }
        return text.toString();
    }
}
