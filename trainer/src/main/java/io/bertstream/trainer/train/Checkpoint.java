package io.bertstream.trainer.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.nn.Parameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint: one safetensors file ({@value #FILE}) holding the model weights under
 * their Hugging Face names, AdamW's moments as {@code optimizer.exp_avg.<name>} and
 * {@code optimizer.exp_avg_sq.<name>}, and in its metadata the config ({@code config}), the
 * {@link TrainingState} ({@code step}, {@code micro_batches}, {@code seed},
 * {@code optimizer_steps}) and the run's settings ({@code run}, JSON). Written atomically.
 * The weights alone, as Hugging Face loads them, go to {@value #WEIGHTS} by {@link #saveWeights}.
 */
public final class Checkpoint {
    public static final String FILE = "checkpoint.safetensors";
    public static final String WEIGHTS = "model.safetensors";
    private static final String FORMAT = "bertstream-pretraining/1";
    private static final String EXP_AVG = "optimizer.exp_avg.", EXP_AVG_SQ = "optimizer.exp_avg_sq.";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    public static void save(Path dir, BertForPreTraining model, AdamW optimizer, TrainingState state, JsonNode run) throws IOException {
        save(dir, model.config(), model.parameters(), optimizer, state, run, Map.of());
    }

    /**
     * Any model's weights and optimizer; {@code extra} adds metadata entries (a fine-tuning run's
     * best validation accuracy, its number of labels).
     */
    public static void save(Path dir, BertConfig config, Parameters parameters, AdamW optimizer, TrainingState state, JsonNode run,
            Map<String, String> extra) throws IOException {
        Map<String, Tensor> params = parameters.named();
        Map<String, Tensor> tensors = new LinkedHashMap<>(params);
        optimizer.firstMoments().forEach((n, m) -> tensors.put(EXP_AVG + n, Tensor.of(m, params.get(n).shape())));
        optimizer.secondMoments().forEach((n, v) -> tensors.put(EXP_AVG_SQ + n, Tensor.of(v, params.get(n).shape())));
        Map<String, String> meta = new LinkedHashMap<>(extra);
        meta.put("format", FORMAT);
        meta.put("config", config.toJson(JSON).toString());
        meta.put("step", Long.toString(state.step()));
        meta.put("micro_batches", Long.toString(state.microBatches()));
        meta.put("seed", Long.toString(state.seed()));
        meta.put("optimizer_steps", Long.toString(optimizer.steps()));
        meta.put("run", run.toString());
        SafeTensors.write(dir.resolve(FILE), tensors, meta);
    }

    /** Weights only ({@value #WEIGHTS}) plus {@code config.json}: what inference and export need. */
    public static void saveWeights(Path dir, BertForPreTraining model, ObjectNode configExtras) throws IOException {
        SafeTensors.write(dir.resolve(WEIGHTS), model.parameters().named(), Map.of("format", "pt"));
        ObjectNode config = model.config().toJson(JSON);
        config.setAll(configExtras);
        Files.writeString(dir.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    /** A checkpoint's contents, before it is applied to a model. */
    public record Loaded(BertConfig config, TrainingState state, long optimizerSteps, JsonNode run, SafeTensors.Contents contents) {

        /** A model with the checkpoint's weights. */
        public BertForPreTraining model() {
            BertForPreTraining model = new BertForPreTraining(config, 0);
            requireAll(model.parameters(), contents.tensors());
            return model;
        }

        /** Fills {@code parameters} with the checkpoint's weights; every parameter must be there. */
        public void restoreWeights(Parameters parameters) {
            requireAll(parameters, contents.tensors());
        }

        /** Fills a freshly built optimizer for {@code model} with the saved moments and step count. */
        public void restoreOptimizer(Parameters parameters, AdamW optimizer) throws IOException {
            for (String name : parameters.named().keySet()) {
                copy(contents.tensors().get(EXP_AVG + name), optimizer.firstMoments().get(name), EXP_AVG + name);
                copy(contents.tensors().get(EXP_AVG_SQ + name), optimizer.secondMoments().get(name), EXP_AVG_SQ + name);
            }
            optimizer.restoreSteps(optimizerSteps);
        }

        private static void copy(Tensor from, float[] to, String name) throws IOException {
            if (from == null || from.size() != to.length) throw new IOException("checkpoint: missing or misshaped " + name);
            System.arraycopy(from.data(), 0, to, 0, to.length);
        }
    }

    public static Loaded load(Path file) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) throw new IOException(file + ": not a bertstream pre-training checkpoint");
        TrainingState state = new TrainingState(Long.parseLong(meta.get("step")), Long.parseLong(meta.get("micro_batches")),
                Long.parseLong(meta.get("seed")));
        return new Loaded(BertConfig.fromJson(JSON.readTree(meta.get("config"))), state, Long.parseLong(meta.get("optimizer_steps")),
                JSON.readTree(meta.get("run")), c);
    }

    /**
     * A model from a folder: {@value #WEIGHTS} with {@code config.json} (a finished run or a
     * bundle), else {@value #FILE}.
     */
    public static BertForPreTraining loadModel(Path dir) throws IOException {
        Path weights = dir.resolve(WEIGHTS), config = dir.resolve("config.json");
        if (Files.isRegularFile(weights) && Files.isRegularFile(config)) {
            BertForPreTraining model = new BertForPreTraining(BertConfig.read(config, JSON), 0);
            requireAll(model.parameters(), SafeTensors.read(weights).tensors());
            return model;
        }
        if (Files.isRegularFile(dir.resolve(FILE))) return load(dir.resolve(FILE)).model();
        throw new IOException(dir + ": no " + WEIGHTS + " with config.json, and no " + FILE);
    }

    /** Copies {@code tensors} into {@code parameters}, failing when one of them is not there. */
    public static void requireAll(Parameters parameters, Map<String, Tensor> tensors) {
        var copied = parameters.copyFrom(tensors);
        for (String name : parameters.named().keySet()) {
            if (!copied.contains(name)) throw new IllegalArgumentException("weights lack parameter " + name);
        }
    }
}
