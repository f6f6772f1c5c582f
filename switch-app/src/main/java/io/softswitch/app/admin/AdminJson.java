package io.softswitch.app.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The admin API's one JSON mapper (Jackson): every reply body is written and every JSON request
 * body read through it, so quoting and escaping (RFC 8259 §7) are done in one well-tested place.
 *
 * <p>Records are written with their components in declaration order, nulls included, enums by
 * name, and instants as ISO-8601 text ({@link Instant#toString()}). Unknown properties in a
 * request body are refused, so a misspelt field is an error rather than silently ignored.
 */
public final class AdminJson
{
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new SimpleModule("instants").addSerializer(Instant.class, ToStringSerializer.instance))
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private AdminJson()
    {
    }

    /**
     * Writes a value as JSON text.
     *
     * @param value a record, list, map, string, number or null.
     * @return the UTF-8 JSON text.
     * @throws IllegalArgumentException when the value cannot be written as JSON.
     */
    public static byte[] write(final Object value)
    {
        try
        {
            return MAPPER.writeValueAsBytes(value);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("cannot write JSON: type=" + value.getClass().getName(), ex);
        }
    }

    /**
     * Reads a JSON request body.
     *
     * @param body the body; read to its end.
     * @param type the record the body must match.
     * @param <T>  the type.
     * @return the value.
     * @throws IllegalArgumentException when the body is not JSON of that shape, with the reason.
     * @throws UncheckedIOException     when the body cannot be read.
     */
    public static <T> T read(final byte[] body, final Class<T> type)
    {
        try
        {
            return MAPPER.readValue(body, type);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalArgumentException("body is not a " + type.getSimpleName() + " JSON object: " +
                ex.getOriginalMessage(), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
