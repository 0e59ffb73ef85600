package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertForSequenceClassification;
import io.bertstream.trainer.bert.BertInput;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The exported graphs in ONNX Runtime against the trainer's own forward ({@code bert} package)
 * on the same weights: the model's {@code parameters().named()} goes to the exporter as is, so
 * this also pins the parameter names. Within 1e-4 absolute on logits, for several batch sizes
 * and sequence lengths with padding; and the serving graph's top-k equals the top-k of the
 * trainer's masked-LM logits.
 */
class TrainerForwardVsOnnxTest {
    private static final double TOL = 1e-4;
    private static final int MASK_ID = 4, TOP_K = 5;
    private static final BertConfig CONFIG = RandomBertWeights.tinyConfig();
    private static final List<TestBatch> BATCHES = List.of(
            TestBatch.random(11, CONFIG.vocabSize(), MASK_ID, 7),
            TestBatch.random(12, CONFIG.vocabSize(), MASK_ID, 12, 5, 9, 1),
            TestBatch.random(13, CONFIG.vocabSize(), MASK_ID, 24, 20));

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();

    @Test
    void preTrainingGraphsMatchTheTrainer() throws Exception {
        BertForPreTraining model = new BertForPreTraining(CONFIG, 1);
        // larger weights than BERT's initialisation, so that every term matters
        assertEquals(model.parameters().named().keySet(), model.parameters().copyFrom(RandomBertWeights.create(CONFIG, 21, 0)),
                "every trainer parameter has a Hugging Face name the exporter knows");
        BertWeights weights = BertWeights.of(CONFIG, model.parameters().named());
        try (OrtSession fillMask = session(BertGraph.FILL_MASK, weights); OrtSession topK = session(BertGraph.FILL_MASK_TOP_K, weights);
                OrtSession nsp = session(BertGraph.NEXT_SENTENCE, weights); GradMode.Scope off = GradMode.disabled()) {
            double worst = 0;
            for (TestBatch batch : BATCHES) {
                BertInput in = input(batch);
                int seq = in.seq();
                float[] expected = model.maskedLmLogits(in, IntStream.range(0, in.batch() * seq).toArray()).toArray();
                float[][][] logits = (float[][][]) value(fillMask, batch, "logits");
                for (int b = 0; b < in.batch(); b++) {
                    for (int t = 0; t < seq; t++) {
                        worst = Math.max(worst, compare("logits[" + b + "][" + t + "]", logits[b][t], expected, (b * seq + t) * CONFIG.vocabSize()));
                    }
                }
                float[] nspExpected = model.nextSentenceLogits(in).toArray();
                float[][] nspLogits = (float[][]) value(nsp, batch, "logits");
                for (int b = 0; b < in.batch(); b++) compare("nsp logits[" + b + "]", nspLogits[b], nspExpected, b * 2);

                long[][] positions = (long[][]) value(topK, batch, "mask_positions");
                long[][] ids = (long[][]) value(topK, batch, "top_k_ids");
                for (int m = 0; m < positions.length; m++) {
                    int flat = (int) (positions[m][0] * seq + positions[m][1]);
                    assertEquals(MASK_ID, in.inputIds()[flat]);
                    float[] row = model.maskedLmLogits(in, new int[] {flat}).toArray();
                    long[] best = IntStream.range(0, row.length).boxed().sorted(Comparator.comparingDouble(v -> -row[v])).limit(TOP_K)
                            .mapToLong(Integer::longValue).toArray();
                    assertArrayEquals(best, ids[m], "top-k at mask " + m);
                }
            }
            System.out.printf("trainer vs onnx fill-mask logits: max |diff| = %.2e%n", worst);
        }
    }

    @Test
    void classifierGraphMatchesTheTrainer() throws Exception {
        BertForSequenceClassification model = new BertForSequenceClassification(CONFIG, 3, 2);
        assertEquals(model.parameters().named().keySet(), model.parameters().copyFrom(RandomBertWeights.create(CONFIG, 31, 3)));
        BertWeights weights = BertWeights.of(CONFIG, model.parameters().named());
        try (OrtSession classifier = session(BertGraph.CLASSIFIER, weights); GradMode.Scope off = GradMode.disabled()) {
            for (TestBatch batch : BATCHES) {
                float[] expected = model.logits(input(batch), null).toArray();
                float[][] logits = (float[][]) value(classifier, batch, "logits");
                for (int b = 0; b < batch.size(); b++) compare("classifier logits[" + b + "]", logits[b], expected, b * 3);
            }
        }
    }

    private static BertInput input(TestBatch batch) {
        int seq = batch.ids()[0].length;
        return new BertInput(batch.size(), seq, flat(batch.ids()), flat(batch.types()), flat(batch.mask()));
    }

    private static int[] flat(long[][] rows) {
        return java.util.Arrays.stream(rows).flatMapToLong(java.util.Arrays::stream).mapToInt(v -> (int) v).toArray();
    }

    private OrtSession session(BertGraph graph, BertWeights weights) throws Exception {
        byte[] model = BertGraphBuilder.build(graph, weights, new BertGraphBuilder.Options(MASK_ID, TOP_K, false)).toBytes("test", "");
        return env.createSession(model, new OrtSession.SessionOptions());
    }

    private Object value(OrtSession session, TestBatch batch, String output) throws OrtException {
        Map<String, OnnxTensor> inputs = batch.inputs(env);
        try (OrtSession.Result r = session.run(inputs)) {
            return r.get(output).orElseThrow().getValue();
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static double compare(String what, float[] onnx, float[] trainer, int offset) {
        double worst = 0;
        for (int i = 0; i < onnx.length; i++) {
            double d = Math.abs(onnx[i] - trainer[offset + i]);
            if (!(d <= TOL)) fail(what + "[" + i + "]: onnx " + onnx[i] + " vs trainer " + trainer[offset + i]);
            worst = Math.max(worst, d);
        }
        return worst;
    }
}
