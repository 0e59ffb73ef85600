package io.bertstream.trainer.cli;

import io.bertstream.trainer.data.CorpusDocuments;
import io.bertstream.wordpiece.BertNormalizer;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.train.WordPieceTrainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vocab}: trains a WordPiece vocabulary and writes vocab.txt, tokenizer.json, tokenizer_config.json. */
@Command(
        name = "vocab",
        mixinStandardHelpOptions = true,
        description = {
            "Build a WordPiece vocabulary from a corpus (frequency-based merges, as Hugging Face's"
                    + " WordPieceTrainer) and write vocab.txt, tokenizer.json and tokenizer_config.json to --out.",
            "The corpus is read line by line as UTF-8, streamed: memory grows with the distinct words, not the corpus."
        })
final class VocabCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", paramLabel = "PATH",
            description = "A text file or a folder of .txt files (repeatable; default: data/pretrain).")
    List<Path> corpus = new ArrayList<>();

    @Option(names = "--out", defaultValue = "models/vocab", paramLabel = "DIR",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--size", defaultValue = "8192", paramLabel = "N",
            description = "Vocabulary size, special tokens and alphabet included (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--min-frequency", defaultValue = "2", paramLabel = "N",
            description = "Do not merge pairs seen fewer times (default: ${DEFAULT-VALUE}).")
    long minFrequency;

    @Option(names = "--limit-alphabet", defaultValue = "1000", paramLabel = "N",
            description = "Keep only the N most frequent characters; 0 keeps all (default: ${DEFAULT-VALUE}).")
    int limitAlphabet;

    @Option(names = "--cased", description = "Keep case and accents (default: lowercase and strip accents).")
    boolean cased;

    @Option(names = "--max-distinct-words", defaultValue = "10000000", paramLabel = "N",
            description = "Memory bound: past N distinct words the rarest are forgotten (default: ${DEFAULT-VALUE}).")
    int maxDistinctWords;

    @Option(names = "--no-progress", description = "Do not draw progress bars.")
    boolean noProgress;

    @Override
    public Integer call() throws IOException {
        if (size < 5) {
            throw new CliError("--size must be at least 5 (the special tokens), got " + size);
        }
        if (minFrequency < 0 || limitAlphabet < 0 || maxDistinctWords < 2) {
            throw new CliError("--min-frequency and --limit-alphabet must not be negative, --max-distinct-words at least 2");
        }
        List<Path> files = corpusFiles();
        WordPieceTrainer.Settings settings = WordPieceTrainer.Settings.bert(size)
                .withMinFrequency(minFrequency)
                .withLimitAlphabet(limitAlphabet)
                .withNormalizer(cased ? BertNormalizer.CASED : BertNormalizer.UNCASED)
                .withMaxDistinctWords(maxDistinctWords)
                .withShowProgress(!noProgress);
        long start = System.nanoTime();
        WordPieceTrainer trainer = new WordPieceTrainer(settings);
        trainer.addFiles(files);
        BertTokenizer tokenizer = trainer.trainTokenizer();
        tokenizer.save(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "vocab: %d tokens from %d words in %d files (%.1f s) -> %s%n",
                tokenizer.vocabulary().size(), trainer.wordsSeen(), files.size(), (System.nanoTime() - start) / 1e9, out);
        if (trainer.wordsForgotten() > 0) {
            w.printf(Locale.ROOT, "vocab: %d rare distinct words were forgotten to stay under --max-distinct-words %d;"
                    + " counts are approximate%n", trainer.wordsForgotten(), maxDistinctWords);
        }
        w.flush();
        return 0;
    }

    private List<Path> corpusFiles() throws IOException {
        List<Path> roots = corpus;
        if (roots.isEmpty()) {
            Path data = Path.of(System.getProperty("bertstream.home", "."), "data", "pretrain");
            if (!Files.isDirectory(data)) {
                throw new CliError("no corpus: pass --corpus PATH, or run ./bertstream data fetch first (for data/pretrain)");
            }
            roots = List.of(data);
        }
        List<Path> files;
        try {
            files = CorpusDocuments.textFiles(roots);
        } catch (IOException e) {
            throw new CliError("--corpus " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new CliError("no .txt files in " + roots);
        }
        return files;
    }
}
