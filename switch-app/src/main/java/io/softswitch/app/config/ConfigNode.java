package io.softswitch.app.config;

import io.softswitch.signaling.trunk.AddressRange;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a parsed configuration file, read with the types the switch expects; every
 * mistake becomes a {@link ConfigException} that points at the node's line and column.
 *
 * <p>Scalars may refer to the environment as {@code ${NAME}} or {@code ${NAME:-default}}, so
 * that one file serves hosts that differ only in ports or addresses.
 */
final class ConfigNode
{
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private final String source;
    private final Map<String, String> env;
    private final Node node;
    private final String path;
    private final Map<String, NodeTuple> entries;

    private ConfigNode(
        final String source, final Map<String, String> env, final Node node, final String path)
    {
        this.source = source;
        this.env = env;
        this.node = node;
        this.path = path;
        this.entries = node instanceof MappingNode mapping ? entries(mapping) : Map.of();
    }

    /**
     * Wraps the root of a document, which must be a mapping.
     */
    /**
     * The YAML node, for writing it back out as text.
     *
     * @return the node.
     */
    Node node()
    {
        return node;
    }

    static ConfigNode root(final String source, final Map<String, String> env, final Node node)
    {
        final ConfigNode root = new ConfigNode(source, env, node, "");
        root.requireKind(NodeId.mapping);
        return root;
    }

    /**
     * Fails on the first key not in {@code known}, naming the keys that are allowed here.
     */
    ConfigNode allowOnly(final Set<String> known)
    {
        for (final Map.Entry<String, NodeTuple> entry : entries.entrySet())
        {
            if (!known.contains(entry.getKey()))
            {
                throw error(entry.getValue().getKeyNode(), "unknown key '" + entry.getKey() + "' in " +
                    describe() + " (allowed: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return this;
    }

    /**
     * The keys of a mapping, in file order.
     */
    List<String> keys()
    {
        return List.copyOf(entries.keySet());
    }

    boolean has(final String key)
    {
        return entries.containsKey(key);
    }

    /**
     * The child under a key, or {@code null} when the key is absent.
     */
    ConfigNode child(final String key)
    {
        final NodeTuple tuple = entries.get(key);
        return tuple == null ? null : new ConfigNode(source, env, tuple.getValueNode(), childPath(key));
    }

    /**
     * The child under a key, which must be a mapping; {@code null} when the key is absent.
     */
    ConfigNode mapping(final String key)
    {
        final ConfigNode child = child(key);
        if (child != null)
        {
            child.requireKind(NodeId.mapping);
        }
        return child;
    }

    /**
     * The items under a key, which must be a sequence; empty when the key is absent.
     */
    List<ConfigNode> sequence(final String key)
    {
        final ConfigNode child = child(key);
        if (child == null)
        {
            return List.of();
        }
        child.requireKind(NodeId.sequence);
        final List<ConfigNode> items = new ArrayList<>();
        final List<Node> nodes = ((SequenceNode)child.node).getValue();
        for (int i = 0; i < nodes.size(); i++)
        {
            items.add(new ConfigNode(source, env, nodes.get(i), child.path + "[" + i + "]"));
        }
        return items;
    }

    String string(final String key, final String defaultValue)
    {
        final ConfigNode child = child(key);
        return child == null ? defaultValue : child.text();
    }

    String requiredString(final String key)
    {
        final ConfigNode child = child(key);
        if (child == null)
        {
            throw error(node, "missing key '" + key + "' in " + describe());
        }
        return child.text();
    }

    int integer(final String key, final int defaultValue, final int min, final int max)
    {
        final ConfigNode child = child(key);
        return child == null ? defaultValue : (int)child.longValue(min, max);
    }

    long longInteger(final String key, final long defaultValue, final long min, final long max)
    {
        final ConfigNode child = child(key);
        return child == null ? defaultValue : child.longValue(min, max);
    }

    boolean bool(final String key, final boolean defaultValue)
    {
        final ConfigNode child = child(key);
        if (child == null)
        {
            return defaultValue;
        }
        final String text = child.text();
        if ("true".equals(text))
        {
            return true;
        }
        if ("false".equals(text))
        {
            return false;
        }
        throw child.error("expected true or false for '" + child.path + "', found '" + text + "'");
    }

    /**
     * The scalar's text with environment references replaced; a null scalar reads as empty.
     */
    String text()
    {
        requireKind(NodeId.scalar);
        final ScalarNode scalar = (ScalarNode)node;
        if (Tag.NULL.equals(scalar.getTag()))
        {
            return "";
        }
        final String raw = scalar.getValue();
        if (raw.indexOf('$') < 0)
        {
            return raw;
        }
        final Matcher matcher = VARIABLE.matcher(raw);
        final StringBuilder text = new StringBuilder();
        while (matcher.find())
        {
            String value = env.get(matcher.group(1));
            if (value == null || (value.isEmpty() && matcher.group(2) != null))
            {
                value = matcher.group(2);
            }
            if (value == null)
            {
                throw error("environment variable " + matcher.group(1) + " is not set and '" + path + "' has no default");
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    long longValue(final long min, final long max)
    {
        final String text = text();
        if (!INTEGER.matcher(text).matches())
        {
            throw error("expected an integer for '" + path + "', found '" + text + "'");
        }
        final long value = Long.parseLong(text);
        if (value < min || value > max)
        {
            throw error("'" + path + "' must be " + min + ".." + max + ", found " + value);
        }
        return value;
    }

    String path()
    {
        return path;
    }

    /**
     * Reads an IP address literal under a key; host names are refused so that loading never waits on DNS.
     *
     * @param defaultValue the address when the key is absent; null when the key is required.
     */
    String ipAddress(final String key, final String defaultValue)
    {
        final ConfigNode child = child(key);
        if (child == null)
        {
            if (defaultValue == null)
            {
                throw error("missing key '" + key + "' in '" + path + "'");
            }
            return defaultValue;
        }
        final String text = child.text();
        if (text.indexOf('/') >= 0)
        {
            throw child.error("'" + child.path() + "' must be one IP address, found '" + text + "'");
        }
        child.build(() -> AddressRange.parse(text));
        return text;
    }

    /**
     * Builds a model object, turning its validation failure into an error at this node.
     */
    <T> T build(final Supplier<T> constructor)
    {
        try
        {
            return constructor.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw error(ex.getMessage());
        }
    }

    ConfigException error(final String reason)
    {
        return error(node, reason);
    }

    private ConfigException error(final Node at, final String reason)
    {
        return new ConfigException(
            source, at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, reason);
    }

    private void requireKind(final NodeId kind)
    {
        if (node.getNodeId() != kind)
        {
            final String where = path.isEmpty() ? "the file" : "'" + path + "'";
            throw error("expected a " + kindName(kind) + " for " + where + ", found a " + kindName(node.getNodeId()));
        }
    }

    private String describe()
    {
        return path.isEmpty() ? "the top level" : "'" + path + "'";
    }

    private String childPath(final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }

    private Map<String, NodeTuple> entries(final MappingNode mapping)
    {
        final Map<String, NodeTuple> map = new LinkedHashMap<>();
        for (final NodeTuple tuple : mapping.getValue())
        {
            final Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key))
            {
                throw error(keyNode, "keys must be plain names in " + describe());
            }
            if (map.put(key.getValue(), tuple) != null)
            {
                throw error(keyNode, "duplicate key '" + key.getValue() + "' in " + describe());
            }
        }
        return map;
    }

    private static String kindName(final NodeId kind)
    {
        return switch (kind)
        {
            case mapping -> "mapping";
            case sequence -> "sequence";
            case scalar -> "scalar";
            case anchor -> "alias";
        };
    }
}
