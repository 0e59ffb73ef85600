package io.bertstream.trainer.bert;

import io.bertstream.trainer.PythonReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full BertForPreTraining (embeddings, 2 encoder layers with a padding mask, pooler, tied
 * MLM head at the masked positions, NSP head, both losses) against an independent PyTorch
 * implementation ({@code trainer/scripts/bert_torch.py}) loaded with the same weights through
 * the Hugging Face names: losses, logits and the gradient of every parameter. Runs when
 * {@code /usr/bin/python3} has torch; skipped with the reason otherwise. Tolerance per element:
 * |java − torch| ≤ 1e-5 + 1e-3·|torch|.
 */
class BertVsPyTorchTest {
    private static final double ABS_TOL = 1e-5, REL_TOL = 1e-3;

    @TempDir
    Path dir;

    @Test
    void forwardAndGradientsMatchPyTorch() throws Exception {
        Path script = PythonReference.script("check_bert_torch.py");
        assumeTrue(script != null, "trainer/scripts/check_bert_torch.py not found");
        assumeTrue(PythonReference.canImport("torch"), PythonReference.PYTHON + " cannot import torch (apt-get install python3-torch); check skipped");

        BertConfig config = new BertConfig(30, 16, 2, 4, 32, 12, 2, 0f, 0f, 1e-12f, 0.02f);
        BertForPreTraining model = new BertForPreTraining(config, 5);
        // Move every parameter off its initial value (zero biases and unit gains would hide mistakes).
        SplittableRandom random = new SplittableRandom(9);
        for (Tensor p : model.parameters().named().values()) {
            float[] v = p.data();
            for (int i = 0; i < v.length; i++) v[i] += (float) ((random.nextDouble() - 0.5) * 0.4);
        }
        int batch = 2, seq = 7;
        int[] ids = {2, 11, 4, 13, 3, 20, 3, 2, 4, 17, 3, 9, 3, 0};
        int[] types = {0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0};
        int[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0};
        BertInput in = new BertInput(batch, seq, ids, types, mask);
        PretrainingTargets targets = new PretrainingTargets(new int[] {2, 5, 8, 11}, new int[] {12, 21, 8, 29}, new int[] {0, 1});

        PretrainingOutput out = model.forward(in, targets, null);
        out.loss().backward();

        Map<String, Object> spec = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        spec.put("config", config.toJson(json));
        Map<String, Object> params = new LinkedHashMap<>();
        model.parameters().named().forEach((name, t) -> params.put(name, Map.of("shape", t.shape(), "data", t.toArray())));
        spec.put("params", params);
        spec.put("batch", batch);
        spec.put("seq", seq);
        spec.put("input_ids", ids);
        spec.put("token_type_ids", types);
        spec.put("attention_mask", mask);
        spec.put("masked_positions", targets.maskedPositions());
        spec.put("masked_labels", targets.maskedLabels());
        spec.put("nsp_labels", targets.nextSentenceLabels());
        Path inFile = dir.resolve("in.json"), outFile = dir.resolve("out.json");
        json.writeValue(inFile.toFile(), spec);
        PythonReference.run(script, inFile, outFile);
        JsonNode ref = json.readTree(outFile.toFile());

        compare("mlm_loss", new float[] {out.mlmLoss().item()}, ref.get("mlm_loss"));
        compare("nsp_loss", new float[] {out.nspLoss().item()}, ref.get("nsp_loss"));
        compare("mlm_logits", out.mlmLogits().toArray(), ref.get("mlm_logits"));
        compare("nsp_logits", out.nspLogits().toArray(), ref.get("nsp_logits"));
        JsonNode grads = ref.get("grads");
        assertEquals(model.parameters().named().size(), grads.size(), "torch has the same parameter set");
        for (Map.Entry<String, Tensor> p : model.parameters().named().entrySet()) {
            JsonNode g = grads.get(p.getKey());
            if (g == null) fail("torch has no parameter " + p.getKey());
            compare("grad " + p.getKey(), p.getValue().gradArray(), g);
        }
    }

    private static void compare(String what, float[] java, JsonNode torch) {
        if (torch.isNumber()) {
            double r = torch.asDouble();
            assertEquals(r, java[0], ABS_TOL + REL_TOL * Math.abs(r), what);
            return;
        }
        assertEquals(torch.size(), java.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < java.length; i++) {
            double r = torch.get(i).asDouble(), d = Math.abs(java[i] - r);
            worst = Math.max(worst, d);
            if (d > ABS_TOL + REL_TOL * Math.abs(r)) fail(what + "[" + i + "]: java " + java[i] + " vs torch " + r);
        }
        System.out.printf("%-64s max |java - torch| = %.2e%n", what, worst);
    }
}
