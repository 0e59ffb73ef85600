package io.bertstream.trainer.cli;

import io.bertstream.trainer.data.FinetuneRecipe;
import picocli.CommandLine.Option;

/**
 * The settings of a fine-tuning run. Public fields so that the run can be saved as JSON in the
 * checkpoint and restored from it by {@code --resume}; paths are kept as given.
 */
public final class FinetuneOptions {
    @Option(names = "--init", paramLabel = "DIR",
            description = "A pre-training output folder (model.safetensors + config.json, or checkpoint.safetensors, and its tokenizer): start from its bert.* weights.")
    public String init;

    @Option(names = "--from-scratch", description = "Start from random weights (the no-pre-training baseline); needs --vocab.")
    public boolean fromScratch;

    @Option(names = "--preset", defaultValue = "mini", paramLabel = "NAME", description = "With --from-scratch: tiny, mini, small, base (default: ${DEFAULT-VALUE}).")
    public String preset;

    @Option(names = "--vocab", paramLabel = "PATH", description = "With --from-scratch: tokenizer folder, tokenizer.json or vocab.txt.")
    public String vocab;

    @Option(names = "--train", defaultValue = "${sys:bertstream.home:-.}/data/imdb/train.jsonl", paramLabel = "FILE",
            description = "Labelled examples: JSON lines {\"text\", \"label\", \"id\"?, \"text_pair\"?} or .tsv text<TAB>label (default: ${DEFAULT-VALUE}).")
    public String train;

    @Option(names = "--validation-fraction", defaultValue = "0.1", paramLabel = "F",
            description = "Share of each label's train examples held back for validation (default: ${DEFAULT-VALUE}).")
    public double validationFraction;

    @Option(names = "--split-seed", defaultValue = "42", paramLabel = "N", description = "Seed of the train/validation split (default: ${DEFAULT-VALUE}).")
    public long splitSeed;

    @Option(names = "--labels", paramLabel = "A,B,...",
            description = "Label names in id order; integer labels in the file index them (default: the labels found, sorted).")
    public String labels;

    @Option(names = "--max-length", defaultValue = "256", paramLabel = "N", description = "Tokens per example, [CLS] and [SEP] included (default: ${DEFAULT-VALUE}).")
    public int maxLength;

    @Option(names = "--head-tokens", defaultValue = "-1", paramLabel = "N",
            description = "A longer text keeps its first N tokens and fills the rest from its end; -1: a quarter of the room (default: ${DEFAULT-VALUE}).")
    public int headTokens;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "RATE", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    public float lr;

    @Option(names = "--warmup", defaultValue = "-1", paramLabel = "N", description = "Warm-up steps; -1 means 10 %% of the steps (default: ${DEFAULT-VALUE}).")
    public long warmup;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "N", description = "Passes over the train examples, unless --max-steps (default: ${DEFAULT-VALUE}).")
    public int epochs;

    @Option(names = "--max-steps", defaultValue = "0", paramLabel = "N", description = "Optimizer steps; 0: from --epochs (default: ${DEFAULT-VALUE}).")
    public long maxSteps;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N", description = "Examples per step (default: ${DEFAULT-VALUE}).")
    public int batchSize;

    @Option(names = "--group-by-length", description = "Batch examples of similar length together (less padding).")
    public boolean groupByLength;

    @Option(names = "--weight-decay", defaultValue = "0.01", paramLabel = "W", description = "AdamW weight decay (default: ${DEFAULT-VALUE}).")
    public float weightDecay;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "NORM", description = "Clip gradients to this global norm; 0 disables (default: ${DEFAULT-VALUE}).")
    public float clip;

    @Option(names = "--dropout", defaultValue = "0.1", paramLabel = "P", description = "Hidden and attention dropout while fine-tuning (default: ${DEFAULT-VALUE}).")
    public float dropout;

    @Option(names = "--eval-every", defaultValue = "200", paramLabel = "N", description = "Evaluate on validation every N steps, 0 only at the end (default: ${DEFAULT-VALUE}).")
    public int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "N", description = "Checkpoint every N steps, 0 only at the end (default: ${DEFAULT-VALUE}).")
    public int checkpointEvery;

    @Option(names = "--log-every", defaultValue = "10", paramLabel = "N", description = "Metrics line every N steps (default: ${DEFAULT-VALUE}).")
    public int logEvery;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "Seed for the classifier's initialisation, data order and dropout (default: ${DEFAULT-VALUE}).")
    public long seed;

    /** The part of these settings that evaluation must repeat. */
    public FinetuneRecipe recipe() {
        return new FinetuneRecipe(train, validationFraction, splitSeed, maxLength, headTokens < 0 ? (maxLength - 2) / 4 : headTokens);
    }
}
