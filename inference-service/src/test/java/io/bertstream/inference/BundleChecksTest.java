package io.bertstream.inference;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service refuses a missing or inconsistent bundle at start-up, saying what is wrong. */
class BundleChecksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static Path exported;

    @BeforeAll
    static void export() {
        new TestBundle().start();
        exported = TestBundle.DIR;
    }

    @Test
    void aMissingBundleIsNamed() {
        assertRefused(() -> ModelBundle.read(tmp.resolve("nowhere"), "x", JSON), "does not exist");
    }

    @Test
    void aVocabularyOfAnotherSizeThanTheConfigIsRefused() throws IOException {
        Path bundle = copy("short-vocab");
        List<String> tokens = Files.readAllLines(bundle.resolve("vocab.txt"));
        Files.write(bundle.resolve("vocab.txt"), tokens.subList(0, tokens.size() - 1));
        assertRefused(() -> ModelBundle.read(bundle, "x", JSON), "has " + (tokens.size() - 1) + " tokens, config.json says vocab_size " + tokens.size());
    }

    @Test
    void aGraphWhoseEmbeddingsAreSmallerThanTheVocabularyIsRefused() throws IOException {
        Path bundle = copy("big-vocab");
        List<String> tokens = new java.util.ArrayList<>(Files.readAllLines(bundle.resolve("vocab.txt")));
        tokens.add("extra");
        Files.write(bundle.resolve("vocab.txt"), tokens);
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        config.put("vocab_size", tokens.size());
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        ModelBundle read = ModelBundle.read(bundle, "x", JSON);
        assertRefused(() -> OnnxModels.load(read, DefaultInferenceSettings.get()), "cannot take token id " + (tokens.size() - 1));
    }

    @Test
    void aDefaultTaskWithoutItsGraphIsRefused() throws IOException {
        Path bundle = copy("no-classifier");
        ObjectNode config = (ObjectNode) JSON.readTree(bundle.resolve("config.json").toFile());
        ((ObjectNode) config.path("bertstream").path("graphs")).remove("classifier");
        JSON.writeValue(bundle.resolve("config.json").toFile(), config);
        ModelBundle read = ModelBundle.read(bundle, "x", JSON);
        assertRefused(() -> InferenceService.servedTask(read, "classification"), "has no classifier graph for the default task classification");
        assertRefused(() -> InferenceService.servedTask(read, "translate"), "default-task=translate is not a task");
    }

    @Test
    void aConsistentBundleLoads() {
        ModelBundle read = ModelBundle.read(exported, "x", JSON);
        try (OnnxModels models = OnnxModels.load(read, DefaultInferenceSettings.get())) {
            assertTrue(models.provider().equals("cpu"));
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable start, String says) {
        IllegalStateException e = assertThrows(IllegalStateException.class, start);
        assertTrue(e.getMessage().contains(says), "'" + e.getMessage() + "' should say '" + says + "'");
    }

    private static Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> files = Files.walk(exported)) {
            for (Path from : files.toList()) {
                Files.copy(from, to.resolve(exported.relativize(from).toString()));
            }
        }
        return to;
    }
}
