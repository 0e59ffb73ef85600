package io.bertstream.trainer.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.bertstream.progress.ProgressBar;
import io.bertstream.trainer.data.LabelledText;
import io.bertstream.wordpiece.Encoding;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A bundle's classifier graph in ONNX Runtime (CPU). Texts are tokenized with the bundle's
 * tokenizer and truncation, sorted by length and run in batches padded to their longest text, so
 * little is spent on padding; the probabilities come back in the input order.
 */
public final class OnnxClassifier implements AutoCloseable {
    private final ClassifierBundle bundle;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int padId;

    public OnnxClassifier(ClassifierBundle bundle, int threads) throws OrtException {
        this.bundle = bundle;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            this.session = env.createSession(bundle.graph().toString(), options);
        }
        this.padId = Math.max(0, bundle.tokenizer().tokenId("[PAD]"));
    }

    /** One probability vector (the bundle's label order) per example; the bar advances per text. */
    public double[][] probabilities(List<LabelledText> examples, int batchSize, ProgressBar bar) throws OrtException {
        Encoding[] encodings = new Encoding[examples.size()];
        for (int i = 0; i < encodings.length; i++) {
            LabelledText e = examples.get(i);
            encodings[i] = e.textPair() == null ? bundle.tokenizer().encode(e.text()) : bundle.tokenizer().encode(e.text(), e.textPair());
        }
        int[] order = IntStream.range(0, encodings.length).boxed()
                .sorted(Comparator.comparingInt(i -> encodings[i].length())).mapToInt(Integer::intValue).toArray();
        double[][] probabilities = new double[encodings.length][];
        for (int from = 0; from < order.length; from += batchSize) {
            int[] rows = java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize));
            float[][] p = run(rows, encodings);
            for (int b = 0; b < rows.length; b++) {
                probabilities[rows[b]] = new double[p[b].length];
                for (int c = 0; c < p[b].length; c++) probabilities[rows[b]][c] = p[b][c];
            }
            bar.step(rows.length);
        }
        return probabilities;
    }

    private float[][] run(int[] rows, Encoding[] encodings) throws OrtException {
        int length = encodings[rows[rows.length - 1]].length();
        long[][] ids = new long[rows.length][length], mask = new long[rows.length][length], types = new long[rows.length][length];
        for (int b = 0; b < rows.length; b++) {
            Encoding e = encodings[rows[b]];
            java.util.Arrays.fill(ids[b], padId);
            for (int t = 0; t < e.length(); t++) {
                ids[b][t] = e.ids()[t];
                mask[b][t] = e.attentionMask()[t];
                types[b][t] = e.typeIds()[t];
            }
        }
        try (OnnxTensor i = OnnxTensor.createTensor(env, ids);
                OnnxTensor m = OnnxTensor.createTensor(env, mask);
                OnnxTensor t = OnnxTensor.createTensor(env, types);
                OrtSession.Result result = session.run(Map.of("input_ids", i, "attention_mask", m, "token_type_ids", t))) {
            return (float[][]) result.get("probabilities").orElseThrow(() -> new IllegalStateException(bundle.graph() + " has no output 'probabilities'")).getValue();
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
