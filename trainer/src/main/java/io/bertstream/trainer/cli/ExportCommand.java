package io.bertstream.trainer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.onnx.BundleWriter;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.SafeTensors;
import io.bertstream.wordpiece.BertTokenizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: a trained model folder to a model bundle (config, tokenizer, ONNX graphs, metrics). */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Export a trained model as a Hugging Face compatible bundle: config.json, vocab.txt, tokenizer.json,"
                    + " tokenizer_config.json, onnx/*.onnx and metrics.json.",
            "Graphs (inputs input_ids, attention_mask, token_type_ids): onnx/model.onnx (fill-mask logits),"
                    + " fill_mask_top_k.onnx, next_sentence.onnx, embeddings.onnx, and classifier.onnx with a"
                    + " classification head; config.json's bertstream.graphs lists them."
        })
final class ExportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Candidates per [MASK] in the serving fill-mask graph, unless --top-k. */
    static final int TOP_K = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", defaultValue = "${sys:bertstream.home:-.}/models/pretrain", paramLabel = "DIR",
            description = "A training run: model.safetensors with config.json, else checkpoint.safetensors; the tokenizer"
                    + " files and metrics.json are taken from it too (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--tokenizer", paramLabel = "PATH",
            description = "Tokenizer folder, tokenizer.json or vocab.txt, when --model has none.")
    Path tokenizer;

    @Option(names = "--out", defaultValue = "${sys:bertstream.home:-.}/models/demo", paramLabel = "DIR",
            description = "Bundle folder, replaced if it holds an earlier bundle (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--labels", split = ",", paramLabel = "NAME",
            description = "Class names of a classification head in label-id order (default: config.json's id2label, else LABEL_0, ...).")
    List<String> labels;

    @Option(names = "--top-k", defaultValue = "" + TOP_K, paramLabel = "K",
            description = "Candidates per [MASK] in fill_mask_top_k.onnx (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--contrib-attention",
            description = "Serving graphs (all but model.onnx) compute attention with ONNX Runtime's com.microsoft.Attention op"
                    + " (ONNX Runtime only; default: standard ONNX ops).")
    boolean contribAttention;

    @Override
    public Integer call() throws IOException {
        if (topK < 1) throw new CliError("--top-k must be at least 1, got " + topK);
        if (tokenizer != null && !Files.exists(tokenizer)) throw new CliError("--tokenizer " + tokenizer + ": no such file or folder");
        List<Path> files = write(model, tokenizer, labels, topK, contribAttention, out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("export: %s -> %s%n", model, out);
        for (Path f : files) w.printf("  %-28s %,12d bytes%n", out.toAbsolutePath().normalize().relativize(f), Files.size(f));
        w.flush();
        return 0;
    }

    /**
     * Writes the bundle of the training run in {@code model} into {@code out}; {@code tokenizer}
     * and {@code labels} null: the run's own. Also what {@code pretrain --bundle} calls.
     */
    static List<Path> write(Path model, Path tokenizer, List<String> labels, int topK, boolean contribAttention, Path out) throws IOException {
        if (!Files.isDirectory(model)) throw new CliError("--model " + model + ": no such folder");
        Path configFile = model.resolve("config.json"), weightsFile = model.resolve(Checkpoint.WEIGHTS);
        BertConfig config;
        Map<String, Tensor> weights;
        ObjectNode configJson = JSON.createObjectNode();
        if (Files.isRegularFile(weightsFile) && Files.isRegularFile(configFile)) {
            configJson = (ObjectNode) JSON.readTree(configFile.toFile());
            config = BertConfig.fromJson(configJson);
            weights = SafeTensors.read(weightsFile).tensors();
        } else if (Files.isRegularFile(model.resolve(Checkpoint.FILE))) {
            Checkpoint.Loaded checkpoint = Checkpoint.load(model.resolve(Checkpoint.FILE));
            config = checkpoint.config();
            weights = checkpoint.model().parameters().named();
        } else {
            throw new CliError("--model " + model + ": no " + Checkpoint.WEIGHTS + " with config.json, and no " + Checkpoint.FILE);
        }
        BundleWriter writer = new BundleWriter(config, weights, BertTokenizer.load(tokenizer != null ? tokenizer : model))
                .topK(topK)
                .contribAttention(contribAttention)
                .producerVersion(new VersionProvider().getVersion()[0])
                .trainingMetadata(trainingMetadata(model, configJson))
                .metrics(metrics(model));
        List<String> names = labels != null ? labels : id2label(configJson, writer.numLabels());
        if (names != null) writer.labels(names);
        return writer.write(out);
    }

    /** Where the bundle came from, plus the run's own bertstream_* fields of config.json. */
    private static ObjectNode trainingMetadata(Path model, ObjectNode configJson) {
        ObjectNode meta = JSON.createObjectNode();
        meta.put("source", model.toAbsolutePath().normalize().toString());
        meta.put("exported_at", Instant.now().toString());
        configJson.fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("bertstream")) meta.set(e.getKey(), e.getValue());
        });
        return meta;
    }

    private static ObjectNode metrics(Path model) throws IOException {
        Path file = model.resolve("metrics.json");
        if (!Files.isRegularFile(file)) return JSON.createObjectNode();
        JsonNode node = JSON.readTree(file.toFile());
        if (!node.isObject()) throw new CliError(file + ": not a JSON object");
        return (ObjectNode) node;
    }

    /** config.json's id2label in id order when the weights have a classifier with that many labels; else null. */
    private static List<String> id2label(ObjectNode configJson, int numLabels) {
        JsonNode id2label = configJson.get("id2label");
        if (numLabels == 0 || id2label == null || id2label.size() != numLabels) return null;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < numLabels; i++) {
            JsonNode name = id2label.get(Integer.toString(i));
            if (name == null) throw new CliError("config.json: id2label has no entry \"" + i + "\"");
            names.add(name.asText());
        }
        return names;
    }
}
