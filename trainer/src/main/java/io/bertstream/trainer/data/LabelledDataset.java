package io.bertstream.trainer.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A labelled file read whole: its examples and the label names, in a fixed order (the order of
 * {@code id2label}).
 *
 * <p>Formats, by extension: {@code .tsv} is {@code text<TAB>label} or
 * {@code text<TAB>text_pair<TAB>label} (a first line {@code text<TAB>...label} is a header);
 * anything else is JSON lines, {@code {"text": ..., "label": ..., "id": optional, "text_pair":
 * optional}}. A label is a name, or an integer index into the given label names. Without given
 * names, the names are those found, sorted (numerically when all are integers). Blank lines are
 * skipped; an example without an id gets {@code FILE:LINE}.
 */
public record LabelledDataset(Path file, List<LabelledText> examples, List<String> labels) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public LabelledDataset {
        examples = List.copyOf(examples);
        labels = List.copyOf(labels);
    }

    /**
     * Reads {@code file}; {@code givenLabels} (empty for none) fixes the label names and their
     * order, and every label in the file must be one of them (or an index into them).
     */
    public static LabelledDataset read(Path file, List<String> givenLabels) throws IOException {
        checkGiven(givenLabels);
        boolean tsv = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv");
        List<LabelledText> examples = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank() || (tsv && number == 1 && isHeader(line))) {
                    continue;
                }
                Line at = new Line(file, number, givenLabels);
                examples.add(tsv ? at.tsv(line) : at.json(line));
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new LabelledDataException(file + ": not UTF-8 text");
        }
        if (examples.isEmpty()) {
            throw new LabelledDataException(file + ": no examples");
        }
        return new LabelledDataset(file, examples, givenLabels.isEmpty() ? foundLabels(file, examples) : givenLabels);
    }

    /** The label's index in {@link #labels()}. */
    public int labelIndex(LabelledText example) {
        int i = labels.indexOf(example.label());
        if (i < 0) {
            throw new IllegalArgumentException("label " + example.label() + " is not one of " + labels);
        }
        return i;
    }

    /** Label names as given by the user ({@code --labels a,b,c}). */
    public static List<String> parseLabels(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return List.of();
        }
        List<String> names = List.of(commaSeparated.split(",", -1)).stream().map(String::strip).toList();
        checkGiven(names);
        return names;
    }

    private static void checkGiven(List<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            if (n.isEmpty() || !seen.add(n)) {
                throw new IllegalArgumentException("labels: names must be non-empty and distinct, got " + names);
            }
        }
        if (names.size() == 1) {
            throw new IllegalArgumentException("labels: a classifier needs at least two, got " + names);
        }
    }

    private static boolean isHeader(String line) {
        String[] cols = line.split("\t", -1);
        return cols.length >= 2 && cols[0].strip().equals("text") && cols[cols.length - 1].strip().equals("label");
    }

    private static List<String> foundLabels(Path file, List<LabelledText> examples) {
        Set<String> names = new TreeSet<>();
        examples.forEach(e -> names.add(e.label()));
        boolean numeric = names.stream().allMatch(LabelledDataset::isIndex);
        List<String> sorted = new ArrayList<>(names);
        if (numeric) {
            sorted.sort(Comparator.comparingLong(Long::parseLong));
        }
        if (sorted.size() < 2) {
            throw new LabelledDataException(file + ": every example has the label " + sorted + "; a classifier needs at least two");
        }
        return sorted;
    }

    private static boolean isIndex(String s) {
        return !s.isEmpty() && s.length() < 10 && s.chars().allMatch(Character::isDigit);
    }

    /** One line of the file, for parsing and for error messages. */
    private record Line(Path file, int number, List<String> givenLabels) {

        String where() {
            return file + ":" + number;
        }

        LabelledText tsv(String line) {
            String[] cols = line.split("\t", -1);
            if (cols.length != 2 && cols.length != 3) {
                throw error("expected text<TAB>label or text<TAB>text_pair<TAB>label, found " + cols.length + " columns");
            }
            String label = cols[cols.length - 1].strip();
            return example(where(), cols[0], cols.length == 3 ? cols[1] : null, label);
        }

        LabelledText json(String line) {
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JacksonException e) {
                throw error("not a JSON object: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw error("not a JSON object");
            }
            JsonNode id = node.get("id");
            if (id != null && !id.isTextual() && !id.isIntegralNumber()) {
                throw error("\"id\" must be a string or an integer");
            }
            JsonNode pair = node.get("text_pair");
            if (pair != null && !pair.isNull() && !pair.isTextual()) {
                throw error("\"text_pair\" must be a string");
            }
            return example(id == null ? where() : id.asText(), text(node), pair == null || pair.isNull() ? null : pair.asText(),
                    label(node));
        }

        private String text(JsonNode node) {
            JsonNode text = node.get("text");
            if (text == null || !text.isTextual()) {
                throw error("\"text\" is missing or not a string");
            }
            return text.asText();
        }

        private String label(JsonNode node) {
            JsonNode label = node.get("label");
            if (label == null || label.isNull()) {
                throw error("\"label\" is missing");
            }
            if (label.isIntegralNumber() && label.canConvertToInt() && label.asInt() >= 0) {
                return Integer.toString(label.asInt());
            }
            if (!label.isTextual()) {
                throw error("\"label\" must be a name (string) or a non-negative integer index, got " + label);
            }
            return label.asText().strip();
        }

        private LabelledText example(String id, String text, String pair, String label) {
            if (text.isBlank()) {
                throw error("the text is empty");
            }
            if (label.isEmpty()) {
                throw error("the label is empty");
            }
            return new LabelledText(id, text, givenLabels.isEmpty() ? label : named(label), pair);
        }

        /** With given names, a label is one of them or an integer index into them. */
        private String named(String label) {
            if (givenLabels.contains(label)) {
                return label;
            }
            if (isIndex(label) && Long.parseLong(label) < givenLabels.size()) {
                return givenLabels.get(Integer.parseInt(label));
            }
            throw error("label " + label + " is not one of " + givenLabels + " nor an index into them");
        }

        private LabelledDataException error(String what) {
            return new LabelledDataException(where() + ": " + what);
        }
    }
}
