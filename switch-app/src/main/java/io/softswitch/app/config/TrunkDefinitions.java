package io.softswitch.app.config;

import java.util.Map;

/**
 * The trunk items of a configuration file as text, by trunk name, in file order: what seeds the
 * trunk table of a new switch.
 *
 * @param customers customer trunk definitions.
 * @param vendors   vendor trunk definitions.
 */
public record TrunkDefinitions(Map<String, String> customers, Map<String, String> vendors)
{
}
