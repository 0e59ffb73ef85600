package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.Vocabulary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundle's layout and files, a round trip through its tokenizer and graphs, and the bad inputs. */
class BundleWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BertConfig CONFIG = RandomBertWeights.tinyConfig();

    @TempDir
    Path dir;

    static BertTokenizer tokenizer() {
        List<String> tokens = new ArrayList<>(Vocabulary.BERT_SPECIAL_TOKENS);
        for (String w : "the a cat dog sat on mat rug big small red blue house car tree ran saw".split(" ")) tokens.add(w);
        for (String p : "s ed ing er".split(" ")) tokens.add("##" + p);
        while (tokens.size() < CONFIG.vocabSize()) tokens.add("w" + tokens.size());
        return BertTokenizer.fromVocabulary(Vocabulary.of(tokens), BertNormalizer.UNCASED);
    }

    @Test
    void writesTheLayoutOfTheDesign() throws Exception {
        Path bundle = dir.resolve("bundle");
        List<Path> files = new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 3, 2), tokenizer())
                .labels(List.of("negative", "positive"))
                .trainingMetadata(JSON.createObjectNode().put("seed", 42))
                .metrics(JSON.createObjectNode().put("mlm_accuracy", 0.5))
                .write(bundle);
        List<String> names = files.stream().map(p -> bundle.relativize(p).toString()).toList();
        assertEquals(List.of("config.json", "metrics.json", "onnx/classifier.onnx", "onnx/embeddings.onnx", "onnx/fill_mask_top_k.onnx",
                "onnx/model.onnx", "onnx/next_sentence.onnx", "tokenizer.json", "tokenizer_config.json", "vocab.txt"), names);

        JsonNode config = JSON.readTree(bundle.resolve("config.json").toFile());
        assertEquals(CONFIG, BertConfig.fromJson(config), "config.json round trip");
        assertEquals("positive", config.at("/id2label/1").asText());
        assertEquals(0, config.at("/label2id/negative").asInt());
        assertEquals(4, config.at("/bertstream/mask_token_id").asInt());
        assertEquals("onnx/model.onnx", config.at("/bertstream/graphs/fill_mask").asText());
        assertEquals(42, config.at("/bertstream/training/seed").asInt());
        assertEquals(0.5, JSON.readTree(bundle.resolve("metrics.json").toFile()).get("mlm_accuracy").asDouble());
        assertEquals("[MASK]", JSON.readTree(bundle.resolve("tokenizer_config.json").toFile()).get("mask_token").asText());
        try (var left = Files.list(dir)) {
            assertEquals(List.of(bundle), left.toList(), "no staging folder left behind");
        }
    }

    /** The bundle's own tokenizer and serving graph give the reference's top-k for [MASK]. */
    @Test
    void bundleTokenizerAndTopKGraphAgreeWithReference() throws Exception {
        Map<String, Tensor> weights = RandomBertWeights.create(CONFIG, 5, 0);
        Path bundle = dir.resolve("b");
        new BundleWriter(CONFIG, weights, tokenizer()).topK(3).write(bundle);
        BertTokenizer tok = BertTokenizer.load(bundle);
        Encoding e = tok.encode("the big cat [MASK] on the red mat", "a dog ran");
        long[][] ids = {toLongs(e.ids())}, mask = {toLongs(e.attentionMask())}, types = {toLongs(e.typeIds())};
        int at = IntStream.range(0, e.length()).filter(i -> e.ids()[i] == 4).findFirst().orElseThrow();

        ReferenceBert reference = new ReferenceBert(CONFIG, weights);
        double[] p = ReferenceBert.softmax(reference.maskedLmLogits(reference.encode(ids, mask, types)[0][at]));
        long[] expected = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(v -> -p[v])).limit(3)
                .mapToLong(Integer::longValue).toArray();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(bundle.resolve(BertGraph.FILL_MASK_TOP_K.path).toString(), new OrtSession.SessionOptions())) {
            Map<String, OnnxTensor> inputs = new TestBatch(ids, mask, types).inputs(env);
            try (OrtSession.Result r = s.run(inputs)) {
                assertArrayEquals(new long[] {0, at}, ((long[][]) r.get("mask_positions").get().getValue())[0]);
                assertArrayEquals(expected, ((long[][]) r.get("top_k_ids").get().getValue())[0]);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
    }

    @Test
    void missingTensorIsNamed() {
        Map<String, Tensor> w = RandomBertWeights.create(CONFIG, 1, 0);
        w.remove("bert.encoder.layer.1.attention.self.key.bias");
        assertMessage("missing tensor bert.encoder.layer.1.attention.self.key.bias", w);
    }

    @Test
    void wrongShapeIsNamed() {
        Map<String, Tensor> w = RandomBertWeights.create(CONFIG, 1, 0);
        w.put("bert.encoder.layer.0.intermediate.dense.weight", Tensor.zeros(CONFIG.hiddenSize(), CONFIG.intermediateSize()));
        assertMessage("tensor bert.encoder.layer.0.intermediate.dense.weight has shape [16, 40], expected [40, 16]", w);
    }

    @Test
    void partialHeadUnknownNameAndNonFiniteValuesAreNamed() {
        Map<String, Tensor> partial = RandomBertWeights.create(CONFIG, 1, 0);
        partial.remove("cls.seq_relationship.bias");
        assertMessage("missing tensor cls.seq_relationship.bias (part of the next-sentence head", partial);

        Map<String, Tensor> unknown = RandomBertWeights.create(CONFIG, 1, 0);
        unknown.put("bert.encoder.layer.2.attention.self.query.weight", Tensor.zeros(16, 16));
        assertMessage("unexpected tensor bert.encoder.layer.2.attention.self.query.weight", unknown);

        Map<String, Tensor> nan = RandomBertWeights.create(CONFIG, 1, 0);
        float[] v = nan.get("bert.pooler.dense.bias").toArray();
        v[3] = Float.NaN;
        nan.put("bert.pooler.dense.bias", Tensor.of(v, v.length));
        assertMessage("tensor bert.pooler.dense.bias holds NaN at flat index 3", nan);

        Map<String, Tensor> partialMlm = RandomBertWeights.create(CONFIG, 1, 0);
        partialMlm.remove("cls.predictions.bias");
        assertMessage("missing tensor cls.predictions.bias (part of the masked-LM head", partialMlm);
    }

    @Test
    void classifierOnlyWeightsGiveAClassifierBundleWithoutFillMask() throws Exception {
        Map<String, Tensor> w = RandomBertWeights.create(CONFIG, 1, 2);
        w.keySet().removeIf(k -> k.startsWith("cls."));
        Path bundle = dir.resolve("classifier");
        new BundleWriter(CONFIG, w, tokenizer()).write(bundle);
        assertTrue(Files.isRegularFile(bundle.resolve("onnx/classifier.onnx")));
        assertTrue(Files.notExists(bundle.resolve("onnx/model.onnx")));
        JsonNode graphs = JSON.readTree(bundle.resolve("config.json").toFile()).at("/bertstream/graphs");
        assertEquals(List.of("embeddings", "classifier"), iterable(graphs.fieldNames()));
        assertEquals("LABEL_1", JSON.readTree(bundle.resolve("config.json").toFile()).at("/id2label/1").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void labelsMustMatchTheClassifier() {
        BundleWriter w = new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 1, 3), tokenizer());
        var e = assertThrows(IllegalArgumentException.class, () -> w.labels(List.of("a", "b")));
        assertTrue(e.getMessage().contains("classifier.weight with 3 rows"), e.getMessage());
    }

    @Test
    void refusesToOverwriteAFolderThatIsNotABundle() throws Exception {
        Path other = Files.createDirectories(dir.resolve("notes"));
        Files.writeString(other.resolve("keep.txt"), "mine");
        BundleWriter w = new BundleWriter(CONFIG, RandomBertWeights.create(CONFIG, 1, 0), tokenizer());
        var e = assertThrows(IllegalArgumentException.class, () -> w.write(other));
        assertTrue(e.getMessage().contains("is not a model bundle"), e.getMessage());
        assertEquals("mine", Files.readString(other.resolve("keep.txt")));
    }

    private static void assertMessage(String expected, Map<String, Tensor> weights) {
        var e = assertThrows(IllegalArgumentException.class, () -> new BundleWriter(CONFIG, weights, tokenizer()));
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }

    private static long[] toLongs(int[] a) {
        return IntStream.of(a).asLongStream().toArray();
    }
}
