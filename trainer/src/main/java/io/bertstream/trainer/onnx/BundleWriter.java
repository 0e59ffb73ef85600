package io.bertstream.trainer.onnx;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a model bundle (layout in DESIGN.md, "The model bundle"): {@code config.json} (the
 * Hugging Face fields, id2label/label2id, and a {@code bertstream} section with the training
 * metadata and the list of graphs), the tokenizer files, one ONNX graph per {@link BertGraph}
 * the weights support, and {@code metrics.json}. The bundle is assembled in a sibling folder
 * and moved into place, so readers never see a partial bundle.
 *
 * <p>Weights without the masked-LM head (a fine-tuned {@code BertForSequenceClassification})
 * give a bundle without the fill-mask graphs, so without {@code onnx/model.onnx}; config.json's
 * {@code bertstream.graphs} lists what a bundle has. Add the pre-training {@code cls.*} tensors
 * to the map to keep fill-mask and next-sentence graphs next to the classifier.
 *
 * <pre>{@code
 * new BundleWriter(config, model.namedParameters(), tokenizer)
 *         .labels(List.of("negative", "positive"))     // with a classifier head
 *         .trainingMetadata(meta).metrics(metrics)
 *         .write(Path.of("models/demo"));
 * }</pre>
 */
public final class BundleWriter {
    public static final String MASK_TOKEN = "[MASK]";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BertWeights weights;
    private final BertTokenizer tokenizer;
    private List<String> labels;
    private ObjectNode trainingMetadata = JSON.createObjectNode();
    private ObjectNode finetune;
    private Set<String> kept = Set.of();
    private ObjectNode metrics = JSON.createObjectNode();
    private int topK = 10;
    private boolean contribAttention;
    private String producerVersion = "dev";

    /** Checks the weights against the config now; bad or missing tensors fail here, named. */
    public BundleWriter(BertConfig config, Map<String, Tensor> namedWeights, BertTokenizer tokenizer) {
        this.weights = BertWeights.of(config, namedWeights);
        this.tokenizer = tokenizer;
        int ids = tokenizer.vocabulary().idLimit();
        if (ids > config.vocabSize()) {
            throw new IllegalArgumentException("the tokenizer has token ids up to " + (ids - 1) + " but the model's vocab_size is " + config.vocabSize());
        }
        if (weights.has(BertWeights.Head.MASKED_LM) && tokenizer.tokenId(MASK_TOKEN) < 0) {
            throw new IllegalArgumentException("the tokenizer has no " + MASK_TOKEN + " token, which the fill-mask graphs need");
        }
    }

    /** Class names in label-id order; default LABEL_0.. (Hugging Face's). Only with a classifier head. */
    public BundleWriter labels(List<String> names) {
        if (!weights.has(BertWeights.Head.CLASSIFIER)) {
            throw new IllegalArgumentException("labels given, but the weights have no classifier.weight");
        }
        if (names.size() != weights.numLabels() || names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException(names.size() + " label names " + names + " for classifier.weight with "
                    + weights.numLabels() + " rows (names must be distinct, one per row)");
        }
        this.labels = List.copyOf(names);
        return this;
    }

    /** What the trainer wants recorded in config.json's {@code bertstream.training} (data, seed, steps, time). */
    public BundleWriter trainingMetadata(ObjectNode metadata) {
        this.trainingMetadata = metadata.deepCopy();
        return this;
    }

    /**
     * How a classifier was fine-tuned (train file, validation split, truncation), recorded as
     * config.json's {@code bertstream.finetune} so that evaluation can rebuild the same split.
     */
    public BundleWriter finetune(ObjectNode recipe) {
        this.finetune = recipe.deepCopy();
        return this;
    }

    /**
     * Files of a training run that may already be in the target folder and stay there when the
     * bundle replaces it (a fine-tuning run writes its bundle into its own output folder).
     */
    public BundleWriter keeping(Set<String> fileNames) {
        this.kept = Set.copyOf(fileNames);
        return this;
    }

    /** The content of metrics.json (losses, accuracies, data, seed, time). */
    public BundleWriter metrics(ObjectNode measured) {
        this.metrics = measured.deepCopy();
        return this;
    }

    /** How many candidates the serving fill-mask graph returns per [MASK] (default 10). */
    public BundleWriter topK(int k) {
        this.topK = k;
        return this;
    }

    /**
     * Whether the serving graphs compute self-attention with ONNX Runtime's
     * {@code com.microsoft.Attention} op instead of plain ONNX ops (default: plain; on CPU the two
     * measured the same, see OnnxBench); {@code onnx/model.onnx} is always plain ONNX.
     */
    public BundleWriter contribAttention(boolean use) {
        this.contribAttention = use;
        return this;
    }

    /** The classifier head's number of labels, 0 without one. */
    public int numLabels() {
        return weights.numLabels();
    }

    /** Written into each graph's producer_version and config.json. */
    public BundleWriter producerVersion(String version) {
        this.producerVersion = version;
        return this;
    }

    /** Writes the bundle into {@code dir}, replacing an earlier bundle there; returns the files written. */
    public List<Path> write(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyOrBundle(target, kept)) {
            throw new IllegalArgumentException(target + " exists and is not a model bundle (no config.json); not overwriting it");
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
        try {
            BertGraphBuilder.Options fillMask = new BertGraphBuilder.Options(Math.max(0, tokenizer.tokenId(MASK_TOKEN)), topK, contribAttention);
            List<BertGraph> graphs = new ArrayList<>();
            for (BertGraph graph : BertGraph.values()) {
                if (!graph.availableFor(weights)) continue;
                BertGraphBuilder.build(graph, weights, fillMask).write(staging.resolve(graph.path), producerVersion, docString(graph));
                graphs.add(graph);
            }
            tokenizer.save(staging);
            JSON.writeValue(staging.resolve("config.json").toFile(), config(graphs, fillMask));
            JSON.writeValue(staging.resolve("metrics.json").toFile(), metrics);
            for (String name : kept) {
                Path file = target.resolve(name);
                if (Files.isRegularFile(file)) Files.createLink(staging.resolve(name), file);
            }
            if (Files.exists(target)) deleteTree(target);
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteTree(staging);
            throw e;
        }
        try (Stream<Path> files = Files.walk(target)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private ObjectNode config(List<BertGraph> graphs, BertGraphBuilder.Options fillMask) {
        ObjectNode c = weights.config().toJson(JSON);
        if (weights.has(BertWeights.Head.CLASSIFIER)) {
            c.putArray("architectures").add("BertForSequenceClassification");
            ObjectNode id2label = c.putObject("id2label"), label2id = c.putObject("label2id");
            for (int i = 0; i < weights.numLabels(); i++) {
                String name = labels == null ? "LABEL_" + i : labels.get(i);
                id2label.put(Integer.toString(i), name);
                label2id.put(name, i);
            }
        }
        ObjectNode ours = c.putObject("bertstream");
        ours.put("producer_version", producerVersion);
        ours.put("serving_attention", contribAttention ? "com.microsoft.Attention" : "onnx");
        if (weights.has(BertWeights.Head.MASKED_LM)) {
            ours.put("mask_token_id", fillMask.maskTokenId());
            ours.put("top_k", Math.min(fillMask.topK(), weights.config().vocabSize()));
        }
        ObjectNode listed = ours.putObject("graphs");
        for (BertGraph g : graphs) listed.put(g.key(), g.path);
        ours.set("training", trainingMetadata);
        if (finetune != null) ours.set("finetune", finetune);
        return c;
    }

    private static String docString(BertGraph graph) {
        return "bertstream " + graph.key()
                + " graph; inputs input_ids, attention_mask, token_type_ids (int64, batch_size x sequence_length)";
    }

    private static boolean isEmptyOrBundle(Path dir, Set<String> kept) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        if (Files.isRegularFile(dir.resolve("config.json"))) return true;
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.allMatch(p -> kept.contains(p.getFileName().toString()));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
