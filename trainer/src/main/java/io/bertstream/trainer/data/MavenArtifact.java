package io.bertstream.trainer.data;

import java.nio.file.Path;

/** A pinned Maven Central jar with the SHA-1 that Central publishes for it. */
public record MavenArtifact(String groupId, String artifactId, String version, String sha1) {

    public String coordinates() {
        return groupId + ":" + artifactId + ":" + version;
    }

    public String fileName() {
        return artifactId + "-" + version + ".jar";
    }

    /** Where the jar lives inside a Maven repository (local or remote). */
    public Path repositoryPath(Path repository) {
        return repository.resolve(groupId.replace('.', '/')).resolve(artifactId).resolve(version).resolve(fileName());
    }

    public String centralUrl() {
        return "https://repo1.maven.org/maven2/" + groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/"
                + fileName();
    }
}
