package io.bertstream.trainer.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.util.Map;
import java.util.Random;

/** A padded batch of BERT inputs: random ids, a pair split into segments, padding after each row's length. */
record TestBatch(long[][] ids, long[][] mask, long[][] types) {
    static final int PAD = 0;

    /** Rows of the given lengths padded to the longest; ids avoid PAD and put {@code maskId} at every third position. */
    static TestBatch random(long seed, int vocab, int maskId, int... lengths) {
        Random r = new Random(seed);
        int seq = 0;
        for (int n : lengths) seq = Math.max(seq, n);
        long[][] ids = new long[lengths.length][seq], mask = new long[lengths.length][seq], types = new long[lengths.length][seq];
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                ids[b][t] = t % 3 == 1 ? maskId : 1 + r.nextInt(vocab - 1);
                mask[b][t] = 1;
                types[b][t] = t >= lengths[b] / 2 ? 1 : 0;
            }
        }
        return new TestBatch(ids, mask, types);
    }

    int size() {
        return ids.length;
    }

    Map<String, OnnxTensor> inputs(OrtEnvironment env) throws OrtException {
        return Map.of("input_ids", OnnxTensor.createTensor(env, ids),
                "attention_mask", OnnxTensor.createTensor(env, mask),
                "token_type_ids", OnnxTensor.createTensor(env, types));
    }
}
