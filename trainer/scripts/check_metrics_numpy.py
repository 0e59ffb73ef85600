"""Independent reference for ClassificationMetrics, in numpy.

argv: input.json ({"labels": [...], "truth": [ids], "probabilities": [[...], ...]}) output.json;
writes the metrics under the names ClassificationMetrics.toJson uses.
"""
import json
import sys

import numpy as np

BINS = 15
MIN_PROBABILITY = 1e-15


def metrics(labels, truth, probs):
    k = len(labels)
    predicted = probs.argmax(axis=1)  # first maximum on a tie
    confusion = np.zeros((k, k), dtype=np.int64)
    np.add.at(confusion, (truth, predicted), 1)
    tp = np.diag(confusion).astype(float)
    predicted_count = confusion.sum(axis=0)
    support = confusion.sum(axis=1)
    precision = np.divide(tp, predicted_count, out=np.zeros(k), where=predicted_count > 0)
    recall = np.divide(tp, support, out=np.zeros(k), where=support > 0)
    f1 = np.divide(2 * precision * recall, precision + recall, out=np.zeros(k), where=precision + recall > 0)

    confidence = probs.max(axis=1)
    inner_edges = np.arange(1, BINS) / BINS
    bins = np.digitize(confidence, inner_edges, right=True)  # bin i: (i/15, (i+1)/15]
    correct = (predicted == truth).astype(float)
    ece = 0.0
    for b in range(BINS):
        in_bin = bins == b
        if in_bin.any():
            ece += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())

    p_true = np.clip(probs[np.arange(len(truth)), truth], MIN_PROBABILITY, None)
    return {
        "examples": int(len(truth)),
        "accuracy": float(correct.mean()),
        "macro": {"precision": float(precision.mean()), "recall": float(recall.mean()), "f1": float(f1.mean())},
        "per_class": {
            name: {"precision": float(precision[c]), "recall": float(recall[c]), "f1": float(f1[c]), "support": int(support[c])}
            for c, name in enumerate(labels)
        },
        "confusion_matrix": confusion.tolist(),
        "expected_calibration_error": float(ece),
        "log_loss": float(-np.log(p_true).mean()),
    }


def main():
    with open(sys.argv[1]) as f:
        data = json.load(f)
    result = metrics(data["labels"], np.array(data["truth"], dtype=np.int64), np.array(data["probabilities"], dtype=np.float64))
    with open(sys.argv[2], "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
