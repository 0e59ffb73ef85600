package io.bertstream.inference;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Runs a round of requests: groups them by task, sorts each group by length so records of similar
 * length share a padded batch, cuts batches of at most {@code maxBatchSize}, and hands back one
 * result per request. A batch that fails is retried record by record, so one bad record never
 * fails its batch-mates.
 */
public final class Inference {

    /** What became of one request: a result with its batch's run time, or the reason it failed. */
    public record Outcome(ObjectNode result, double inferenceMs, String failure) {}

    private final Predictor predictor;
    private final int maxBatchSize;
    private final BiConsumer<Integer, Double> batchObserver;

    /** {@code batchObserver} receives each batch's size and run time in ms (for metrics). */
    public Inference(Predictor predictor, int maxBatchSize, BiConsumer<Integer, Double> batchObserver) {
        this.predictor = predictor;
        this.maxBatchSize = maxBatchSize;
        this.batchObserver = batchObserver;
    }

    /** Outcomes in the order of {@code requests}. */
    public Outcome[] run(List<InferenceRequest> requests) {
        Outcome[] outcomes = new Outcome[requests.size()];
        Map<Task, List<Integer>> byTask = new EnumMap<>(Task.class);
        for (int i = 0; i < requests.size(); i++) {
            byTask.computeIfAbsent(requests.get(i).task(), t -> new ArrayList<>()).add(i);
        }
        for (List<Integer> group : byTask.values()) {
            group.sort(Comparator.comparingInt(i -> requests.get(i).length()));
            for (int from = 0; from < group.size(); from += maxBatchSize) {
                List<Integer> batch = group.subList(from, Math.min(group.size(), from + maxBatchSize));
                runBatch(requests, batch, outcomes);
            }
        }
        return outcomes;
    }

    private void runBatch(List<InferenceRequest> requests, List<Integer> batch, Outcome[] outcomes) {
        List<InferenceRequest> inputs = batch.stream().map(requests::get).toList();
        try {
            long start = System.nanoTime();
            List<ObjectNode> results = predictor.predict(inputs);
            double ms = (System.nanoTime() - start) / 1e6;
            batchObserver.accept(inputs.size(), ms);
            for (int j = 0; j < batch.size(); j++) {
                outcomes[batch.get(j)] = new Outcome(results.get(j), ms, null);
            }
        } catch (OrtException | RuntimeException e) {
            if (batch.size() == 1) {
                outcomes[batch.get(0)] = new Outcome(null, 0, "the model failed on this record: " + e.getMessage());
                return;
            }
            for (Integer single : batch) {
                runBatch(requests, List.of(single), outcomes);
            }
        }
    }
}
