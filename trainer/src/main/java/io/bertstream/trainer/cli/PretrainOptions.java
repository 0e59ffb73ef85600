package io.bertstream.trainer.cli;

import io.bertstream.trainer.data.PretrainingData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The settings of a pre-training run. Public fields so that the run can be saved as JSON in the
 * checkpoint and restored from it by {@code --resume}.
 */
public final class PretrainOptions {
    @Option(names = "--preset", defaultValue = "mini", paramLabel = "NAME", description = "Model size: tiny, mini, small, base (default: ${DEFAULT-VALUE}).")
    public String preset;

    @Option(names = "--corpus", paramLabel = "PATH", defaultValue = "${sys:bertstream.home:-.}/data/pretrain",
            description = "Training text: a .txt file or a folder of them, one paragraph per line, a blank line between documents (repeatable; default: ${DEFAULT-VALUE}).")
    public List<Path> corpus = new ArrayList<>();

    @Option(names = "--heldout", paramLabel = "FILE", defaultValue = "${sys:bertstream.home:-.}/data/heldout/europarl-en.txt",
            description = "Held-out evaluation text, same format; 'none' to skip (default: ${DEFAULT-VALUE}).")
    public String heldout;

    @Option(names = "--vocab", paramLabel = "DIR", description = "Tokenizer folder or file (vocab.txt / tokenizer.json); default: train one on the corpus.")
    public Path vocab;

    @Option(names = "--vocab-size", defaultValue = "8192", paramLabel = "N", description = "Size of the vocabulary trained when --vocab is absent (default: ${DEFAULT-VALUE}).")
    public int vocabSize;

    @Option(names = "--steps", defaultValue = "2000", paramLabel = "N", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    public long steps;

    @Option(names = "--batch", defaultValue = "32", paramLabel = "N", description = "Sequences per micro-batch (default: ${DEFAULT-VALUE}).")
    public int batch;

    @Option(names = "--accumulation", defaultValue = "1", paramLabel = "N", description = "Micro-batches per optimizer step (default: ${DEFAULT-VALUE}).")
    public int accumulation;

    @Option(names = "--seq-length", defaultValue = "128", paramLabel = "N", description = "Maximum tokens per sequence (default: ${DEFAULT-VALUE}).")
    public int seqLength;

    @Option(names = "--lr", defaultValue = "1e-3", paramLabel = "RATE", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    public float lr;

    @Option(names = "--warmup", defaultValue = "-1", paramLabel = "N", description = "Warm-up steps; -1 means 10 %% of --steps (default: ${DEFAULT-VALUE}).")
    public long warmup;

    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "W", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    public float weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "NORM", description = "Clip gradients to this global norm; 0 disables (default: ${DEFAULT-VALUE}).")
    public float clip;

    @Option(names = "--dropout", defaultValue = "0.1", paramLabel = "P", description = "Hidden and attention dropout (default: ${DEFAULT-VALUE}).")
    public float dropout;

    @Option(names = "--mask-prob", defaultValue = "0.15", paramLabel = "P", description = "Share of tokens to predict (default: ${DEFAULT-VALUE}).")
    public double maskProb;

    @Option(names = "--max-predictions", defaultValue = "20", paramLabel = "N", description = "At most N predicted tokens per sequence (default: ${DEFAULT-VALUE}).")
    public int maxPredictions;

    @Option(names = "--short-seq-prob", defaultValue = "0.1", paramLabel = "P", description = "Probability of a shorter target length (default: ${DEFAULT-VALUE}).")
    public double shortSeqProb;

    @Option(names = "--whole-word", description = "Mask whole words (all their ## pieces) at once.")
    public boolean wholeWord;

    @Option(names = "--dynamic-masking", description = "Draw new masks every epoch (default: one mask per example).")
    public boolean dynamicMasking;

    @Option(names = "--group-by-length", description = "Batch examples of similar length together (less padding).")
    public boolean groupByLength;

    @Option(names = "--validation-fraction", defaultValue = "0.01", paramLabel = "F", description = "Share of documents held back for validation (default: ${DEFAULT-VALUE}).")
    public double validationFraction;

    @Option(names = "--eval-examples", defaultValue = "512", paramLabel = "N", description = "Examples per evaluation set (default: ${DEFAULT-VALUE}).")
    public int evalExamples;

    @Option(names = "--eval-every", defaultValue = "500", paramLabel = "N", description = "Evaluate every N steps, 0 only at the end (default: ${DEFAULT-VALUE}).")
    public int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "500", paramLabel = "N", description = "Checkpoint every N steps, 0 only at the end (default: ${DEFAULT-VALUE}).")
    public int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "N", description = "Metrics line every N steps (default: ${DEFAULT-VALUE}).")
    public int logEvery;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for initialisation, data and dropout (default: ${DEFAULT-VALUE}).")
    public long seed;

    /** The data part of these settings. */
    public PretrainingData.Settings dataSettings() {
        return new PretrainingData.Settings(seqLength, shortSeqProb, maskProb, maxPredictions, wholeWord, validationFraction, batch,
                evalExamples, groupByLength, dynamicMasking, seed);
    }
}
