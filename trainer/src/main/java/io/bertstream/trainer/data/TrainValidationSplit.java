package io.bertstream.trainer.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The train file cut into train and validation examples, stratified: each label gives the same
 * share ({@code fraction}, rounded) of its examples to validation. The same examples in the same
 * order, fraction and seed give the same split (labels are visited in sorted order, each label's
 * examples shuffled by one seeded generator); both parts keep the file's order.
 */
public record TrainValidationSplit(List<LabelledText> train, List<LabelledText> validation) {

    public static TrainValidationSplit of(List<LabelledText> examples, double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation fraction must be between 0 and 1 (exclusive), got " + fraction);
        }
        Map<String, List<Integer>> byLabel = new TreeMap<>();
        for (int i = 0; i < examples.size(); i++) {
            byLabel.computeIfAbsent(examples.get(i).label(), l -> new ArrayList<>()).add(i);
        }
        Random random = new Random(seed);
        boolean[] held = new boolean[examples.size()];
        for (List<Integer> indices : byLabel.values()) {
            Collections.shuffle(indices, random);
            int n = (int) Math.round(fraction * indices.size());
            indices.subList(0, n).forEach(i -> held[i] = true);
        }
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> validation = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            (held[i] ? validation : train).add(examples.get(i));
        }
        if (train.isEmpty() || validation.isEmpty()) {
            throw new IllegalArgumentException("validation fraction " + fraction + " of " + examples.size()
                    + " examples leaves " + train.size() + " to train on and " + validation.size() + " to validate on; both must be at least 1");
        }
        return new TrainValidationSplit(List.copyOf(train), List.copyOf(validation));
    }
}
