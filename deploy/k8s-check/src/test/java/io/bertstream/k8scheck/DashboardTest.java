package io.bertstream.k8scheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Grafana dashboard queries metrics the services really register. */
class DashboardTest {
    private static final Path DASHBOARD = Overlay.K8S.resolve("dashboards/bertstream.json");
    private static final Pattern OUR_METRIC = Pattern.compile("bertstream_(tokenizer|inference)_[a-z_]+");
    /** Prometheus suffixes Micrometer adds to a counter's, a timer's or a distribution summary's name. */
    private static final Pattern SUFFIX = Pattern.compile("(_seconds)?_(total|bucket|count|sum|max)$");

    @Test
    void everyBertstreamMetricIsRegisteredByItsService() throws IOException {
        Set<String> metrics = new TreeSet<>();
        for (String expr : expressions()) {
            Matcher m = OUR_METRIC.matcher(expr);
            while (m.find()) {
                metrics.add(m.group());
            }
        }
        assertTrue(metrics.containsAll(Set.of("bertstream_tokenizer_records_in_total", "bertstream_tokenizer_records_out_total",
                "bertstream_tokenizer_records_failed_total", "bertstream_tokenizer_tokenize_seconds_bucket")), metrics.toString());
        List<String> missing = new ArrayList<>();
        for (String metric : metrics) {
            String meter = SUFFIX.matcher(metric).replaceFirst("").replace('_', '.');
            String module = metric.startsWith("bertstream_tokenizer") ? "tokenizer-service" : "inference-service";
            if (!sourcesMention(Overlay.ROOT.resolve(module).resolve("src/main/java"), '"' + meter + '"')) {
                missing.add(metric + " (meter \"" + meter + "\" in " + module + ")");
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theDashboardShowsConsumerLag() throws IOException {
        assertTrue(expressions().stream().anyMatch(e -> e.contains("kafka_consumer_fetch_manager_records_lag")));
    }

    private static List<String> expressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(t -> exprs.add(t.path("expr").asText())));
        return exprs;
    }

    private static boolean sourcesMention(Path sources, String text) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.readString(f).contains(text);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
