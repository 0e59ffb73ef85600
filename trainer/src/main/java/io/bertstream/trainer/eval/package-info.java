/**
 * Evaluation of classifiers: {@link io.bertstream.trainer.eval.ClassificationMetrics} (accuracy,
 * precision / recall / F1 per class and macro, confusion matrix, expected calibration error over
 * 15 equal-width bins, log loss) and {@link io.bertstream.trainer.eval.ComparisonTable}; a fine-tuned
 * bundle's classifier graph in ONNX Runtime ({@link io.bertstream.trainer.eval.ClassifierBundle},
 * {@link io.bertstream.trainer.eval.OnnxClassifier}); and the bag-of-words baseline
 * ({@link io.bertstream.trainer.eval.BagOfWordsClassifier}: {@code NgramFeatures} TF-IDF into a
 * {@code SoftmaxRegression} fitted by {@code Lbfgs}). Sits between {@code train} and {@code onnx}:
 * it reads bundles through their files, never through the {@code onnx} package.
 */
package io.bertstream.trainer.eval;
