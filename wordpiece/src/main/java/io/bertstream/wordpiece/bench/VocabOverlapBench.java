package io.bertstream.wordpiece.bench;

import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Vocabulary;
import io.bertstream.wordpiece.train.WordPieceTrainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trains a vocabulary with {@link WordPieceTrainer} and with Hugging Face's WordPieceTrainer (Node)
 * on the same corpus and settings (BERT uncased, no minimum frequency, no alphabet limit, the
 * reference's defaults) and prints how many tokens they share, with both training times.
 *
 * <p>Usage: {@code VocabOverlapBench [--corpus PATH]... [--size N] [--work DIR]}; the corpus
 * defaults as in {@link TokenizerBench}, the size to 8192.
 */
public final class VocabOverlapBench {

    private VocabOverlapBench() {}

    public static void main(String[] args) throws Exception {
        List<Path> corpus = new ArrayList<>();
        int size = 8192;
        Path work = Path.of("var/vocab-overlap");
        BenchArgs cli = new BenchArgs("VocabOverlapBench", "[--corpus PATH]... [--size N] [--work DIR]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--corpus" -> corpus.add(cli.path());
                case "--size" -> size = cli.positiveInt();
                case "--work" -> work = cli.path();
                default -> cli.unknown();
            }
        }
        Files.createDirectories(work);
        List<Path> files = BenchCorpus.utf8(BenchCorpus.files(corpus, work), work.resolve("utf8"));
        long bytes = 0;
        for (Path f : files) {
            bytes += Files.size(f);
        }
        System.out.printf(Locale.ROOT, "corpus: %d files, %.1f MB; size %d%n", files.size(), bytes / 1e6, size);

        long start = System.nanoTime();
        WordPieceTrainer trainer = new WordPieceTrainer(WordPieceTrainer.Settings.bert(size).withShowProgress(true));
        trainer.addFiles(files);
        Vocabulary ours = trainer.train();
        double javaSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "java trainer: %d tokens in %.1f s%n", ours.size(), javaSeconds);

        NodeReference node = NodeReference.prepare(work.resolve("hf-reference"));
        Path out = work.resolve("hf-trained.json").toAbsolutePath();
        List<String> scriptArgs = new ArrayList<>(List.of(out.toString()));
        files.forEach(f -> scriptArgs.add(f.toAbsolutePath().toString()));
        start = System.nanoTime();
        NodeReference.Result r = node.runResource(VocabOverlapBench.class, "hf-train.js", 30, scriptArgs.toArray(String[]::new));
        double hfSeconds = (System.nanoTime() - start) / 1e9;
        if (r.exitCode() != 0) {
            System.out.println("reference trainer failed: " + r.output());
            System.exit(1);
        }
        Vocabulary reference = BertTokenizer.load(out).vocabulary();
        System.out.printf(Locale.ROOT, "HF trainer (size 30000, first ids kept): %d tokens in %.1f s%n", reference.size(), hfSeconds);
        Set<String> theirs = VocabularyOverlap.referenceAt(reference, Vocabulary.BERT_SPECIAL_TOKENS, size);
        int common = VocabularyOverlap.common(new HashSet<>(ours.tokens()), theirs);
        System.out.printf(Locale.ROOT, "overlap: %d of %d tokens (%.2f%%)%n", common, size, 100.0 * common / size);
    }
}
