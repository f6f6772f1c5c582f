package io.softswitch.app.admin;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
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
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);

    static
    {
        // {"vendor":5} is a mistake, not the vendor "5": text fields take JSON strings only.
        MAPPER.coercionConfigFor(LogicalType.Textual)
            .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
            .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

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

    private static String field(final JsonMappingException ex)
    {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference reference : ex.getPath())
        {
            if (reference.getFieldName() != null)
            {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            }
            else
            {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String firstLine(final String message)
    {
        if (message == null)
        {
            return "";
        }
        final int newline = message.indexOf('\n');
        final String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
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
        catch (final UnrecognizedPropertyException ex)
        {
            throw new IllegalArgumentException("body is not a " + type.getSimpleName() + " JSON object: field=" +
                field(ex) + ": unknown field (known: " + String.join(", ",
                ex.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")", ex);
        }
        catch (final MismatchedInputException ex)
        {
            throw new IllegalArgumentException("body is not a " + type.getSimpleName() + " JSON object: " +
                (ex.getPath().isEmpty() ? "" : "field=" + field(ex) + ": ") + "wrong type or shape: " +
                firstLine(ex.getOriginalMessage()), ex);
        }
        catch (final JsonProcessingException ex)
        {
            final JsonLocation at = ex.getLocation();
            throw new IllegalArgumentException("body is not a " + type.getSimpleName() + " JSON object: malformed JSON" +
                (at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr()) + ": " +
                firstLine(ex.getOriginalMessage()), ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
