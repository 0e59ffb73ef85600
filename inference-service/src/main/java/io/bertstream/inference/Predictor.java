package io.bertstream.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs one model batch — records of one task — through its graph and turns the outputs into one
 * result per record. The batch is padded only to its longest record; the input tensors live in
 * direct buffers reused from batch to batch, and every tensor and result is closed.
 */
public final class Predictor {

    private final OnnxModels models;
    private final ModelBundle bundle;
    private final ObjectMapper json;
    private final LongBuffer[] inputs = new LongBuffer[OnnxModels.INPUTS.length];

    public Predictor(OnnxModels models, ModelBundle bundle, ObjectMapper json) {
        this.models = models;
        this.bundle = bundle;
        this.json = json;
    }

    /** Results for {@code batch} (all of one task), in its order. Not thread-safe: the buffers are shared. */
    public synchronized List<ObjectNode> predict(List<InferenceRequest> batch) throws OrtException {
        Task task = batch.get(0).task();
        int rows = batch.size();
        int length = batch.stream().mapToInt(InferenceRequest::length).max().orElseThrow();
        fill(batch, length);
        long[] shape = {rows, length};
        List<OnnxTensor> tensors = new ArrayList<>(3);
        try {
            Map<String, OnnxTensor> feed = new java.util.HashMap<>();
            for (int i = 0; i < inputs.length; i++) {
                OnnxTensor t = OnnxTensor.createTensor(models.env(), inputs[i], shape);
                tensors.add(t);
                feed.put(OnnxModels.INPUTS[i], t);
            }
            try (OrtSession.Result result = models.session(task).run(feed)) {
                return switch (task) {
                    case CLASSIFICATION -> classification(floats(result, "probabilities"), rows);
                    case NEXT_SENTENCE -> nextSentence(floats(result, "probabilities"), rows);
                    case EMBEDDING -> embeddings(floats(result, "sentence_embedding"), rows);
                    case FILL_MASK -> fillMask(result, rows);
                };
            }
        } finally {
            tensors.forEach(OnnxTensor::close);
        }
    }

    /** Writes ids, mask and type ids into the reused direct buffers, padded with zeros to {@code length}. */
    private void fill(List<InferenceRequest> batch, int length) {
        int size = batch.size() * length;
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] == null || inputs[i].capacity() < size) {
                inputs[i] = ByteBuffer.allocateDirect(size * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
            }
            inputs[i].clear().limit(size);
        }
        for (InferenceRequest r : batch) {
            for (int p = 0; p < length; p++) {
                boolean real = p < r.length();
                inputs[0].put(real ? r.ids()[p] : 0);
                inputs[1].put(real ? 1 : 0);
                inputs[2].put(real ? r.typeIds()[p] : 0);
            }
        }
        for (LongBuffer b : inputs) {
            b.flip();
        }
    }

    private List<ObjectNode> classification(float[] probabilities, int rows) {
        int labels = bundle.labels().size();
        List<ObjectNode> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int best = 0;
            ObjectNode byLabel = json.createObjectNode();
            for (int c = 0; c < labels; c++) {
                float p = probabilities[r * labels + c];
                byLabel.put(bundle.labels().get(c), p);
                if (p > probabilities[r * labels + best]) {
                    best = c;
                }
            }
            ObjectNode result = json.createObjectNode();
            result.put("label", bundle.labels().get(best));
            result.put("probability", probabilities[r * labels + best]);
            result.set("probabilities", byLabel);
            results.add(result);
        }
        return results;
    }

    private List<ObjectNode> nextSentence(float[] probabilities, int rows) {
        List<ObjectNode> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            ObjectNode result = json.createObjectNode();
            result.put("is_next", probabilities[2 * r] >= 0.5f);
            result.put("is_next_probability", probabilities[2 * r]); // index 0: B follows A
            results.add(result);
        }
        return results;
    }

    private List<ObjectNode> embeddings(float[] vectors, int rows) {
        int hidden = vectors.length / rows;
        List<ObjectNode> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            ArrayNode vector = json.createArrayNode();
            for (int h = 0; h < hidden; h++) {
                vector.add(vectors[r * hidden + h]);
            }
            ObjectNode result = json.createObjectNode();
            result.set("embedding", vector);
            results.add(result);
        }
        return results;
    }

    /** One entry per [MASK] of each record, in position order: the top-k tokens with probabilities. */
    private List<ObjectNode> fillMask(OrtSession.Result result, int rows) throws OrtException {
        long[] positions = longs(result, "mask_positions");
        long[] ids = longs(result, "top_k_ids");
        float[] probabilities = floats(result, "top_k_probabilities");
        int masks = positions.length / 2;
        int k = masks == 0 ? 0 : ids.length / masks;
        List<ObjectNode> results = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            ObjectNode node = json.createObjectNode();
            node.putArray("masks");
            results.add(node);
        }
        for (int m = 0; m < masks; m++) {
            ObjectNode mask = ((ArrayNode) results.get((int) positions[2 * m]).get("masks")).addObject();
            mask.put("position", positions[2 * m + 1]);
            ArrayNode top = mask.putArray("top_k");
            for (int j = 0; j < k; j++) {
                int id = (int) ids[m * k + j];
                top.addObject().put("token", bundle.vocabulary().get(id)).put("id", id).put("probability", probabilities[m * k + j]);
            }
        }
        return results;
    }

    private static float[] floats(OrtSession.Result result, String name) throws OrtException {
        FloatBuffer buffer = output(result, name).getFloatBuffer();
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] longs(OrtSession.Result result, String name) throws OrtException {
        LongBuffer buffer = output(result, name).getLongBuffer();
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static OnnxTensor output(OrtSession.Result result, String name) {
        return (OnnxTensor) result.get(name).orElseThrow(() -> new IllegalStateException("the graph has no output " + name));
    }
}
