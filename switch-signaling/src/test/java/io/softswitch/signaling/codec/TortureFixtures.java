package io.softswitch.signaling.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shared SIP torture messages (RFC 4475, RFC 5118), located from the module directory the
 * tests run in.
 */
final class TortureFixtures
{
    /** Where the torture files are, relative to the {@code switch-signaling} module directory. */
    static final Path DIRECTORY = Path.of("../../shared/testdata/sip-torture");

    private TortureFixtures()
    {
    }

    /**
     * Every torture file, as a path relative to {@link #DIRECTORY} ({@code rfc4475/wsinv.dat}).
     *
     * @return the files, sorted.
     */
    static List<String> files()
    {
        if (!Files.isDirectory(DIRECTORY.resolve("rfc4475")) || !Files.isDirectory(DIRECTORY.resolve("rfc5118")))
        {
            throw new IllegalStateException("torture files not found: directory=" + DIRECTORY.toAbsolutePath() +
                " (tests must run with switch-signaling as working directory, beside ../../shared)");
        }
        final List<String> files = new ArrayList<>();
        for (final String set : List.of("rfc4475", "rfc5118"))
        {
            try (Stream<Path> listing = Files.list(DIRECTORY.resolve(set)))
            {
                listing.map(path -> set + "/" + path.getFileName()).sorted().forEach(files::add);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
        return files;
    }

    /**
     * The bytes of one torture file, exactly as stored.
     *
     * @param file the file relative to {@link #DIRECTORY}.
     * @return the bytes.
     */
    static byte[] read(final String file)
    {
        try
        {
            return Files.readAllBytes(DIRECTORY.resolve(file));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The short name of a file ({@code wsinv} for {@code rfc4475/wsinv.dat}).
     *
     * @param file the file relative to {@link #DIRECTORY}.
     * @return the name.
     */
    static String name(final String file)
    {
        final String base = file.substring(file.indexOf('/') + 1);
        return base.endsWith(".dat") ? base.substring(0, base.length() - 4) : base;
    }
}
