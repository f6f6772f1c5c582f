package io.softswitch.app.admin;

import io.netty.buffer.ByteBuf;
import io.softswitch.app.config.AdminListen;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the body of the admin request being read goes, as its chunks arrive: into memory for a
 * JSON body (at most {@link AdminListen#MAX_JSON_BYTES}), into a temporary file for a deck upload
 * (at most the listener's body limit), nowhere for a route that takes none. Counts the bytes
 * against the route's limit so that an oversized chunked body is refused as it arrives rather
 * than after it was stored. One per connection, reused request after request.
 */
final class RequestBodySpool
{
    private static final Logger LOG = LoggerFactory.getLogger(RequestBodySpool.class);

    private final long maxFileBytes;
    private AdminRoute.Body kind = AdminRoute.Body.NONE;
    private ByteArrayOutputStream json;
    private FileChannel file;
    private Path filePath;
    private long bodyBytes;

    RequestBodySpool(final long maxFileBytes)
    {
        this.maxFileBytes = maxFileBytes;
    }

    /**
     * Gets ready for a route's body.
     *
     * @param body what the route takes.
     * @throws IOException when the temporary file cannot be made; nothing is left open.
     */
    void open(final AdminRoute.Body body) throws IOException
    {
        kind = body;
        bodyBytes = 0;
        if (body == AdminRoute.Body.JSON)
        {
            json = new ByteArrayOutputStream();
        }
        else if (body == AdminRoute.Body.FILE)
        {
            try
            {
                filePath = Files.createTempFile("admin-upload-", ".body");
                file = FileChannel.open(filePath, StandardOpenOption.WRITE);
            }
            catch (final IOException ex)
            {
                drop();
                throw ex;
            }
        }
    }

    /**
     * The most body bytes the current route takes.
     *
     * @return the limit, 0 when it takes no body.
     */
    long limit()
    {
        return switch (kind)
        {
            case NONE -> 0;
            case JSON -> AdminListen.MAX_JSON_BYTES;
            case FILE -> maxFileBytes;
        };
    }

    /**
     * Stores a chunk of the body, unless it takes the body over the limit.
     *
     * @param bytes the chunk; read to its end when stored.
     * @return false when over the limit (nothing stored).
     * @throws IOException when the temporary file cannot be written.
     */
    boolean append(final ByteBuf bytes) throws IOException
    {
        final int length = bytes.readableBytes();
        bodyBytes += length;
        if (bodyBytes > limit())
        {
            return false;
        }
        if (json != null)
        {
            bytes.readBytes(json, length);
        }
        else if (file != null)
        {
            // Positional writes leave the channel's position alone: the body's offset is counted here.
            final long start = bodyBytes - length;
            int done = 0;
            while (done < length)
            {
                done += bytes.readBytes(file, start + done, length - done);
            }
        }
        return true;
    }

    /**
     * Hands the whole body over to the request: the file is closed and now belongs to the request
     * (deleted once its route answered).
     *
     * @param head the request without its body.
     * @return the request with it.
     */
    AdminRequest complete(final AdminRequest head)
    {
        final AdminRequest request = head.withBody(json == null ? new byte[0] : json.toByteArray(), filePath);
        closeFile();
        json = null;
        filePath = null;
        return request;
    }

    /** Forgets a body that will not be used, deleting its file. */
    void drop()
    {
        closeFile();
        delete(filePath);
        filePath = null;
        json = null;
    }

    /**
     * Deletes a spooled body, logging rather than failing when it cannot.
     *
     * @param path the file, or {@code null}.
     */
    static void delete(final Path path)
    {
        if (path == null)
        {
            return;
        }
        try
        {
            Files.deleteIfExists(path);
        }
        catch (final IOException ex)
        {
            LOG.warn("cannot delete {}: {}", path, ex.toString());
        }
    }

    private void closeFile()
    {
        if (file != null)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                LOG.warn("cannot close an upload: {}", ex.toString());
            }
            file = null;
        }
    }
}
