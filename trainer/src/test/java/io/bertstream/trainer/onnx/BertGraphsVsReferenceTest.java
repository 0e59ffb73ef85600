package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every exported graph, run by ONNX Runtime, against {@link ReferenceBert} (double precision,
 * plain loops) on the same random weights: several batch sizes and sequence lengths, rows
 * padded to different lengths; the serving graphs with standard-op attention and with
 * {@code com.microsoft.Attention}. Tolerance 1e-4 absolute, as the issue asks of logits.
 */
class BertGraphsVsReferenceTest {
    private static final double TOL = 1e-4;
    private static final int MASK_ID = 4, LABELS = 3, TOP_K = 5;
    private static final BertConfig CONFIG = RandomBertWeights.tinyConfig();
    private static final Map<String, Tensor> WEIGHTS = RandomBertWeights.create(CONFIG, 7, LABELS);
    private static final ReferenceBert REFERENCE = new ReferenceBert(CONFIG, WEIGHTS);
    private static final List<TestBatch> BATCHES = List.of(
            TestBatch.random(1, CONFIG.vocabSize(), MASK_ID, 5),
            TestBatch.random(2, CONFIG.vocabSize(), MASK_ID, 9, 4, 6),
            TestBatch.random(3, CONFIG.vocabSize(), MASK_ID, 2, 2),
            TestBatch.random(4, CONFIG.vocabSize(), MASK_ID, 24, 1, 17, 24, 3));

    private static final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Test
    void fillMaskLogitsMatchReference() throws Exception {
        try (OrtSession session = session(BertGraph.FILL_MASK, false)) {
            double worst = 0;
            for (TestBatch batch : BATCHES) {
                float[][][] logits = (float[][][]) run(session, batch).get("logits").get().getValue();
                double[][][] hidden = REFERENCE.encode(batch.ids(), batch.mask(), batch.types());
                for (int b = 0; b < batch.size(); b++) {
                    for (int t = 0; t < hidden[b].length; t++) {
                        worst = Math.max(worst, maxDiff("logits[" + b + "][" + t + "]", logits[b][t], REFERENCE.maskedLmLogits(hidden[b][t])));
                    }
                }
            }
            System.out.printf("fill-mask logits: max |onnx - reference| = %.2e%n", worst);
        }
    }

    @ParameterizedTest(name = "com.microsoft.Attention: {0}")
    @ValueSource(booleans = {false, true})
    void fillMaskTopKMatchesReferenceAtMaskPositions(boolean contribAttention) throws Exception {
        try (OrtSession session = session(BertGraph.FILL_MASK_TOP_K, contribAttention)) {
            for (TestBatch batch : BATCHES) {
                Map<String, Object> out = values(run(session, batch));
                long[][] positions = (long[][]) out.get("mask_positions");
                long[][] ids = (long[][]) out.get("top_k_ids");
                float[][] probs = (float[][]) out.get("top_k_probabilities");
                double[][][] hidden = REFERENCE.encode(batch.ids(), batch.mask(), batch.types());
                List<long[]> expectedPositions = new ArrayList<>();
                for (int b = 0; b < batch.size(); b++) {
                    for (int t = 0; t < batch.ids()[b].length; t++) {
                        if (batch.ids()[b][t] == MASK_ID) expectedPositions.add(new long[] {b, t});
                    }
                }
                assertEquals(expectedPositions.size(), positions.length, "number of [MASK] positions");
                for (int m = 0; m < positions.length; m++) {
                    assertArrayEquals(expectedPositions.get(m), positions[m], "mask position " + m);
                    double[] p = ReferenceBert.softmax(REFERENCE.maskedLmLogits(hidden[(int) positions[m][0]][(int) positions[m][1]]));
                    int[] best = IntStream.range(0, p.length).boxed().sorted(Comparator.comparingDouble(v -> -p[v]))
                            .limit(TOP_K).mapToInt(Integer::intValue).toArray();
                    for (int j = 0; j < TOP_K; j++) {
                        assertEquals(best[j], ids[m][j], "top-" + (j + 1) + " id at mask " + m);
                        assertEquals(p[best[j]], probs[m][j], TOL, "top-" + (j + 1) + " probability at mask " + m);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "com.microsoft.Attention: {0}")
    @ValueSource(booleans = {false, true})
    void fillMaskTopKWithoutMasksReturnsEmpty(boolean contribAttention) throws Exception {
        TestBatch batch = TestBatch.random(5, CONFIG.vocabSize(), 7, 6, 3);
        try (OrtSession session = session(BertGraph.FILL_MASK_TOP_K, contribAttention)) {
            Map<String, Object> out = values(run(session, batch));
            assertEquals(0, ((long[][]) out.get("mask_positions")).length);
            assertEquals(0, ((long[][]) out.get("top_k_ids")).length);
        }
    }

    @ParameterizedTest(name = "com.microsoft.Attention: {0}")
    @ValueSource(booleans = {false, true})
    void nextSentenceAndClassifierMatchReference(boolean contribAttention) throws Exception {
        for (BertGraph graph : List.of(BertGraph.NEXT_SENTENCE, BertGraph.CLASSIFIER)) {
            String head = graph == BertGraph.CLASSIFIER ? "classifier" : "cls.seq_relationship";
            try (OrtSession session = session(graph, contribAttention)) {
                for (TestBatch batch : BATCHES) {
                    Map<String, Object> out = values(run(session, batch));
                    float[][] logits = (float[][]) out.get("logits"), probs = (float[][]) out.get("probabilities");
                    double[][][] hidden = REFERENCE.encode(batch.ids(), batch.mask(), batch.types());
                    for (int b = 0; b < batch.size(); b++) {
                        double[] expected = REFERENCE.head(REFERENCE.pooled(hidden[b]), head);
                        maxDiff(graph + " logits[" + b + "]", logits[b], expected);
                        maxDiff(graph + " probabilities[" + b + "]", probs[b], ReferenceBert.softmax(expected));
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "com.microsoft.Attention: {0}")
    @ValueSource(booleans = {false, true})
    void embeddingsMatchReference(boolean contribAttention) throws Exception {
        try (OrtSession session = session(BertGraph.EMBEDDINGS, contribAttention)) {
            for (TestBatch batch : BATCHES) {
                Map<String, Object> out = values(run(session, batch));
                float[][] mean = (float[][]) out.get("sentence_embedding"), pooled = (float[][]) out.get("pooler_output");
                double[][][] hidden = REFERENCE.encode(batch.ids(), batch.mask(), batch.types());
                for (int b = 0; b < batch.size(); b++) {
                    double[] expected = new double[CONFIG.hiddenSize()];
                    int count = 0;
                    for (int t = 0; t < hidden[b].length; t++) {
                        if (batch.mask()[b][t] == 0) continue;
                        count++;
                        for (int j = 0; j < expected.length; j++) expected[j] += hidden[b][t][j];
                    }
                    for (int j = 0; j < expected.length; j++) expected[j] /= count;
                    maxDiff("sentence_embedding[" + b + "]", mean[b], expected);
                    maxDiff("pooler_output[" + b + "]", pooled[b], REFERENCE.pooled(hidden[b]));
                }
            }
        }
    }

    private static OrtSession session(BertGraph graph, boolean contribAttention) throws Exception {
        BertWeights weights = BertWeights.of(CONFIG, WEIGHTS);
        byte[] model = BertGraphBuilder.build(graph, weights, new BertGraphBuilder.Options(MASK_ID, TOP_K, contribAttention)).toBytes("test", "");
        return env.createSession(model, new OrtSession.SessionOptions());
    }

    private static OrtSession.Result run(OrtSession session, TestBatch batch) throws OrtException {
        Map<String, OnnxTensor> inputs = batch.inputs(env);
        try {
            return session.run(inputs);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static Map<String, Object> values(OrtSession.Result result) throws OrtException {
        Map<String, Object> out = new java.util.HashMap<>();
        try (result) {
            for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) out.put(e.getKey(), e.getValue().getValue());
        }
        return out;
    }

    private static double maxDiff(String what, float[] actual, double[] expected) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= TOL)) fail(what + "[" + i + "]: onnx " + actual[i] + " vs reference " + expected[i]);
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
