package io.bertstream.trainer.autograd;

import io.bertstream.trainer.PythonReference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.bench.ReferenceEncoderLayer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole encoder layer (multi-head attention with padding mask, residuals, LayerNorms, GELU
 * feed-forward) plus a classifier and cross-entropy with an ignore index: output, loss and
 * every gradient against PyTorch on the same weights and inputs. Runs when Debian's
 * {@code /usr/bin/python3} has torch ({@code apt-get install python3-torch}); skipped, with the
 * reason, otherwise. Tolerance: |java − torch| ≤ 1e-5 + 1e-3·|torch| for every element.
 */
class EncoderLayerVsPyTorchTest {
    private static final double ABS_TOL = 1e-5, REL_TOL = 1e-3;
    private static final int IGNORE = -100;

    @TempDir
    Path dir;

    @Test
    void matchesPyTorch() throws Exception {
        Path script = PythonReference.script("check_layer_torch.py");
        assumeTrue(script != null, "trainer/scripts/check_layer_torch.py not found");
        assumeTrue(PythonReference.canImport("torch"), PythonReference.PYTHON + " cannot import torch (apt-get install python3-torch); check skipped");

        int batch = 2, seq = 7, hidden = 16, heads = 4, ffn = 64, classes = 5;
        ReferenceEncoderLayer layer = new ReferenceEncoderLayer(hidden, heads, ffn, 11);
        Tensor x = Tensor.randn(1, 1f, batch, seq, hidden).requiresGrad(true);
        Tensor classifier = Tensor.randn(2, 0.3f, classes, hidden).requiresGrad(true);
        float[] keep = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
        int[] targets = {0, 3, IGNORE, 4, 1, 2, 2, 1, 0, IGNORE, 3, IGNORE, IGNORE, IGNORE};

        Tensor out = layer.forward(x, keep, 0f, 0);
        Tensor loss = Losses.crossEntropy(out.reshape(batch * seq, hidden).linear(classifier, null), targets, IGNORE);
        loss.backward();

        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("heads", heads);
        spec.put("layer_norm_eps", ReferenceEncoderLayer.LAYER_NORM_EPS);
        spec.put("masked_score", ReferenceEncoderLayer.MASKED_SCORE);
        Map<String, Object> params = new LinkedHashMap<>();
        layer.parameters().forEach((name, t) -> params.put(name, entry(t)));
        spec.put("params", params);
        spec.put("x", entry(x));
        spec.put("keep", keep);
        spec.put("classifier", entry(classifier));
        spec.put("targets", targets);
        spec.put("ignore_index", IGNORE);
        ObjectMapper json = new ObjectMapper();
        Path in = dir.resolve("in.json"), result = dir.resolve("out.json");
        json.writeValue(in.toFile(), spec);
        PythonReference.run(script, in, result);
        JsonNode ref = json.readTree(result.toFile());

        assertEquals(ref.get("loss").asDouble(), loss.item(), ABS_TOL + REL_TOL * Math.abs(ref.get("loss").asDouble()), "loss");
        compare("output", out.toArray(), ref.get("out"));
        JsonNode grads = ref.get("grads");
        compare("grad x", x.gradArray(), grads.get("x"));
        compare("grad classifier", classifier.gradArray(), grads.get("classifier"));
        for (Map.Entry<String, Tensor> p : layer.parameters().entrySet()) {
            compare("grad " + p.getKey(), p.getValue().gradArray(), grads.get(p.getKey()));
        }
        assertTrue(grads.size() == layer.parameters().size() + 2, "every gradient compared");
    }

    private static Map<String, Object> entry(Tensor t) {
        return Map.of("shape", t.shape(), "data", t.toArray());
    }

    private static void compare(String what, float[] java, JsonNode torch) {
        assertEquals(torch.size(), java.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < java.length; i++) {
            double r = torch.get(i).asDouble(), d = Math.abs(java[i] - r);
            worst = Math.max(worst, d);
            if (d > ABS_TOL + REL_TOL * Math.abs(r)) fail(what + "[" + i + "]: java " + java[i] + " vs torch " + r);
        }
        System.out.printf("%-24s max |java - torch| = %.2e%n", what, worst);
    }
}
