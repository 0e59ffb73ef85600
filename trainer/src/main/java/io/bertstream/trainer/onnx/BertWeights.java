package io.bertstream.trainer.onnx;

import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A BERT's weights by Hugging Face parameter name, checked against a {@link BertConfig}: every
 * tensor of the encoder and pooler present with its exact shape and finite values, each head
 * either complete or absent, and no name the exporter does not know. Failures name the tensor.
 * Linear weights are [out, in] as in PyTorch.
 */
public final class BertWeights {

    /** The optional heads; a head is present when any of its tensors is. */
    public enum Head {
        MASKED_LM, NEXT_SENTENCE, CLASSIFIER
    }

    /** The MLM decoder is tied to the word embeddings unless the map carries its own weight. */
    static final String DECODER = "cls.predictions.decoder.weight";

    private final BertConfig config;
    private final Map<String, float[]> data = new HashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Set<Head> heads = EnumSet.noneOf(Head.class);
    private final int numLabels;

    private BertWeights(BertConfig config, Map<String, Tensor> named) {
        this.config = config;
        Map<String, Tensor> remaining = new LinkedHashMap<>(named);
        take(remaining, encoderShapes(), "the encoder", false);
        if (take(remaining, maskedLmShapes(), "the masked-LM head (cls.predictions)", true)) {
            heads.add(Head.MASKED_LM);
            if (remaining.containsKey(DECODER)) {
                take(remaining, Map.of(DECODER, new int[] {config.vocabSize(), config.hiddenSize()}), "the masked-LM head", false);
            }
        }
        if (take(remaining, Map.of("cls.seq_relationship.weight", new int[] {2, config.hiddenSize()},
                "cls.seq_relationship.bias", new int[] {2}), "the next-sentence head (cls.seq_relationship)", true)) {
            heads.add(Head.NEXT_SENTENCE);
        }
        Tensor classifier = remaining.get("classifier.weight");
        numLabels = classifier == null || classifier.shape().length != 2 ? 0 : classifier.shape()[0];
        if (take(remaining, Map.of("classifier.weight", new int[] {numLabels, config.hiddenSize()},
                "classifier.bias", new int[] {numLabels}), "the classification head (classifier)", true)) {
            heads.add(Head.CLASSIFIER);
        }
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException("unexpected tensor " + remaining.keySet().iterator().next()
                    + ": not a BERT parameter name this exporter knows (Hugging Face names, e.g. bert.encoder.layer.0.attention.self.query.weight)");
        }
    }

    /** Checks {@code named} against {@code config}; throws IllegalArgumentException naming the first bad tensor. */
    public static BertWeights of(BertConfig config, Map<String, Tensor> named) {
        return new BertWeights(config, named);
    }

    public BertConfig config() {
        return config;
    }

    public boolean has(Head head) {
        return heads.contains(head);
    }

    /** The classifier's number of labels, 0 without a classification head. */
    public int numLabels() {
        return numLabels;
    }

    /** The row-major values of a checked tensor. */
    float[] get(String name) {
        float[] values = data.get(name);
        if (values == null) throw new IllegalArgumentException("no tensor " + name + " in the checked weights");
        return values;
    }

    int[] shape(String name) {
        get(name);
        return shapes.get(name).clone();
    }

    boolean contains(String name) {
        return data.containsKey(name);
    }

    /** Moves one group's tensors out of {@code remaining}; false if the group is absent, an error if partial. */
    private boolean take(Map<String, Tensor> remaining, Map<String, int[]> expected, String group, boolean optional) {
        if (optional && expected.keySet().stream().noneMatch(remaining::containsKey)) return false;
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            String name = e.getKey();
            Tensor t = remaining.remove(name);
            if (t == null) throw new IllegalArgumentException("missing tensor " + name + " (part of " + group + ")");
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IllegalArgumentException("tensor " + name + " has shape " + Arrays.toString(t.shape())
                        + ", expected " + Arrays.toString(e.getValue()) + " for this config");
            }
            data.put(name, finite(name, t.toArray()));
            shapes.put(name, e.getValue());
        }
        return true;
    }

    private static float[] finite(String name, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("tensor " + name + " holds " + values[i] + " at flat index " + i);
            }
        }
        return values;
    }

    private Map<String, int[]> encoderShapes() {
        int h = config.hiddenSize(), ff = config.intermediateSize();
        Map<String, int[]> s = new LinkedHashMap<>();
        s.put("bert.embeddings.word_embeddings.weight", new int[] {config.vocabSize(), h});
        s.put("bert.embeddings.position_embeddings.weight", new int[] {config.maxPositionEmbeddings(), h});
        s.put("bert.embeddings.token_type_embeddings.weight", new int[] {config.typeVocabSize(), h});
        layerNorm(s, "bert.embeddings.LayerNorm", h);
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            String p = "bert.encoder.layer." + i + ".";
            linear(s, p + "attention.self.query", h, h);
            linear(s, p + "attention.self.key", h, h);
            linear(s, p + "attention.self.value", h, h);
            linear(s, p + "attention.output.dense", h, h);
            layerNorm(s, p + "attention.output.LayerNorm", h);
            linear(s, p + "intermediate.dense", ff, h);
            linear(s, p + "output.dense", h, ff);
            layerNorm(s, p + "output.LayerNorm", h);
        }
        linear(s, "bert.pooler.dense", h, h);
        return s;
    }

    private Map<String, int[]> maskedLmShapes() {
        int h = config.hiddenSize();
        Map<String, int[]> s = new LinkedHashMap<>();
        linear(s, "cls.predictions.transform.dense", h, h);
        layerNorm(s, "cls.predictions.transform.LayerNorm", h);
        s.put("cls.predictions.bias", new int[] {config.vocabSize()});
        return s;
    }

    private static void linear(Map<String, int[]> s, String prefix, int out, int in) {
        s.put(prefix + ".weight", new int[] {out, in});
        s.put(prefix + ".bias", new int[] {out});
    }

    private static void layerNorm(Map<String, int[]> s, String prefix, int h) {
        s.put(prefix + ".weight", new int[] {h});
        s.put(prefix + ".bias", new int[] {h});
    }
}
