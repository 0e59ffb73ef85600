package io.bertstream.trainer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.data.CorpusDocuments;
import io.bertstream.trainer.data.PretrainingBatch;
import io.bertstream.trainer.data.PretrainingData;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.SafeTensors;
import io.bertstream.wordpiece.BertTokenizer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For the PyTorch comparison run ({@code trainer/scripts/pretrain_torch.py}): rebuilds a
 * {@code pretrain} run's exact inputs from its output folder (settings from its checkpoint,
 * its tokenizer) and writes them to a folder: {@code init.safetensors} (the run's initial
 * weights), {@code train.jsonl} (every training micro-batch in order), {@code eval-<set>.jsonl}
 * and {@code run.json} (config and optimizer settings).
 *
 * <p>Usage: {@code PretrainBatchExport RUN_DIR OUT_DIR}
 */
public final class PretrainBatchExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws IOException {
        if (args.length != 2) throw new IllegalArgumentException("usage: PretrainBatchExport RUN_DIR OUT_DIR");
        Path runDir = Path.of(args[0]), out = Files.createDirectories(Path.of(args[1]));
        Checkpoint.Loaded checkpoint = Checkpoint.load(runDir.resolve(Checkpoint.FILE));
        JsonNode run = checkpoint.run();
        PretrainingData.Settings settings = new PretrainingData.Settings(run.get("seqLength").asInt(), run.get("shortSeqProb").asDouble(),
                run.get("maskProb").asDouble(), run.get("maxPredictions").asInt(), run.get("wholeWord").asBoolean(),
                run.get("validationFraction").asDouble(), run.get("batch").asInt(), run.get("evalExamples").asInt(),
                run.get("groupByLength").asBoolean(), run.get("dynamicMasking").asBoolean(), run.get("seed").asLong());
        List<Path> corpus = new ArrayList<>();
        for (JsonNode c : run.get("corpus")) corpus.add(Path.of(URI.create(c.asText())));
        List<Path> heldout = run.get("heldout").asText().equals("none") ? List.of() : List.of(Path.of(run.get("heldout").asText()));
        PretrainingData data = PretrainingData.prepare(CorpusDocuments.textFiles(corpus), heldout, BertTokenizer.load(runDir), settings);

        SafeTensors.write(out.resolve("init.safetensors"), new BertForPreTraining(checkpoint.config(), settings.seed()).parameters().named(), Map.of());
        long micro = run.get("steps").asLong() * run.get("accumulation").asLong();
        try (BufferedWriter w = Files.newBufferedWriter(out.resolve("train.jsonl"))) {
            for (long i = 0; i < micro; i++) write(w, data.stream().batch(i));
        }
        for (Map.Entry<String, List<PretrainingBatch>> set : data.evalSets().entrySet()) {
            try (BufferedWriter w = Files.newBufferedWriter(out.resolve("eval-" + set.getKey() + ".jsonl"))) {
                for (PretrainingBatch b : set.getValue()) write(w, b);
            }
        }
        ObjectNode info = JSON.createObjectNode();
        info.set("config", checkpoint.config().toJson(JSON));
        for (String k : new String[] {"steps", "accumulation", "lr", "warmup", "weightDecay", "clip", "seed"}) info.set(k, run.get(k));
        info.put("warmup_steps", run.get("warmup").asLong() < 0 ? run.get("steps").asLong() / 10 : run.get("warmup").asLong());
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("run.json").toFile(), info);
        System.out.println("exported " + micro + " training batches and " + data.evalSets().keySet() + " to " + out);
    }

    private static void write(BufferedWriter w, PretrainingBatch b) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("batch", b.input().batch()).put("seq", b.input().seq());
        n.set("input_ids", JSON.valueToTree(b.input().inputIds()));
        n.set("token_type_ids", JSON.valueToTree(b.input().tokenTypeIds()));
        n.set("attention_mask", JSON.valueToTree(b.input().attentionMask()));
        n.set("masked_positions", JSON.valueToTree(b.targets().maskedPositions()));
        n.set("masked_labels", JSON.valueToTree(b.targets().maskedLabels()));
        n.set("nsp_labels", JSON.valueToTree(b.targets().nextSentenceLabels()));
        w.write(n.toString());
        w.newLine();
    }
}
