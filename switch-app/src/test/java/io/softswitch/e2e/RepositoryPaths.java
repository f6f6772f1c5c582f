package io.softswitch.e2e;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tests find the repository and the shared test data, from the directory Maven runs
 * them in (the module's), whichever worktree or checkout that is.
 */
final class RepositoryPaths
{
    private RepositoryPaths()
    {
    }

    /**
     * The repository root: the nearest directory up from the working directory that holds
     * {@code switch-signaling/} and a {@code pom.xml}.
     *
     * @return the root.
     * @throws IllegalStateException when the tests run outside the repository.
     */
    static Path root()
    {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isDirectory(dir.resolve("switch-signaling")) && Files.isRegularFile(dir.resolve("pom.xml")))
            {
                return dir;
            }
        }
        throw new IllegalStateException("not inside the repository: cwd=" + Path.of("").toAbsolutePath());
    }

    /**
     * The SIP torture messages, {@code ../shared/testdata/sip-torture} from the repository root.
     *
     * @return the directory.
     * @throws IllegalStateException when it is missing: the tests fail rather than skip.
     */
    static Path tortureFiles()
    {
        final Path dir = root().resolve("../shared/testdata/sip-torture").normalize();
        if (!Files.isDirectory(dir))
        {
            throw new IllegalStateException("torture files missing: dir=" + dir);
        }
        return dir;
    }
}
