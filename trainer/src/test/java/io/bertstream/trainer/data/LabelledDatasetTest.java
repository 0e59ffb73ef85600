package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledDatasetTest {

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void jsonLinesWithNamesGetSortedLabelsAndIdsWhereMissing() throws IOException {
        Path f = write("a.jsonl", """
                {"id": "r1", "text": "good film", "label": "positive"}

                {"text": "bad film", "label": "negative", "text_pair": "really"}
                {"id": 7, "text": "fine", "label": "neutral"}
                """);
        LabelledDataset d = LabelledDataset.read(f, List.of());
        assertEquals(List.of("negative", "neutral", "positive"), d.labels());
        assertEquals(new LabelledText("r1", "good film", "positive"), d.examples().get(0));
        assertEquals(new LabelledText(f + ":3", "bad film", "negative", "really"), d.examples().get(1));
        assertEquals("7", d.examples().get(2).id());
        assertEquals(2, d.labelIndex(d.examples().get(0)));
    }

    @Test
    void integerLabelsSortNumericallyOrIndexGivenNames() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int label : new int[] {10, 2, 0}) {
            sb.append("{\"text\": \"t\", \"label\": ").append(label).append("}\n");
        }
        Path f = write("n.jsonl", sb.toString());
        assertEquals(List.of("0", "2", "10"), LabelledDataset.read(f, List.of()).labels());
        Path g = write("g.jsonl", "{\"text\": \"t\", \"label\": 1}\n{\"text\": \"u\", \"label\": \"neg\"}\n");
        LabelledDataset d = LabelledDataset.read(g, List.of("neg", "pos"));
        assertEquals(List.of("neg", "pos"), d.labels());
        assertEquals(List.of("pos", "neg"), d.examples().stream().map(LabelledText::label).toList());
    }

    @Test
    void tsvWithHeaderAndPairs() throws IOException {
        Path f = write("a.tsv", "text\tlabel\ngood one\tpos\nbad one\tneg\n");
        LabelledDataset d = LabelledDataset.read(f, List.of());
        assertEquals(List.of("neg", "pos"), d.labels());
        assertEquals(new LabelledText(f + ":2", "good one", "pos"), d.examples().get(0));
        Path p = write("p.tsv", "a cat\ta dog\tyes\nx\ty\tno\n");
        assertEquals("a dog", LabelledDataset.read(p, List.of()).examples().get(0).textPair());
    }

    @Test
    void badLinesNameTheFileAndTheLine() throws IOException {
        assertError("b.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{\"text\": \"no label\"}\n", List.of(), "b.jsonl:2", "\"label\" is missing");
        assertError("c.jsonl", "{\"text\": \"ok\", \"label\": \"a\"}\n{not json\n", List.of(), "c.jsonl:2", "not a JSON object");
        assertError("d.jsonl", "[1, 2]\n", List.of(), "d.jsonl:1", "not a JSON object");
        assertError("e.jsonl", "{\"text\": 3, \"label\": \"a\"}\n", List.of(), "e.jsonl:1", "\"text\"");
        assertError("f.jsonl", "{\"text\": \"t\", \"label\": 1.5}\n", List.of(), "f.jsonl:1", "\"label\" must be");
        assertError("g.jsonl", "{\"text\": \"t\", \"label\": \"x\"}\n{\"text\": \"t\", \"label\": 5}\n", List.of("x", "y"), "g.jsonl:2", "not one of [x, y]");
        assertError("h.tsv", "one column\n", List.of(), "h.tsv:1", "columns");
        assertError("i.jsonl", "{\"text\": \"t\", \"label\": \"x\"}\n", List.of(), "i.jsonl", "at least two");
        assertError("j.jsonl", "\n\n", List.of(), "j.jsonl", "no examples");
        assertError("k.jsonl", "{\"text\": \"  \", \"label\": \"x\"}\n", List.of(), "k.jsonl:1", "empty");
        assertThrows(IllegalArgumentException.class, () -> LabelledDataset.parseLabels("a,a"));
        assertThrows(IllegalArgumentException.class, () -> LabelledDataset.parseLabels("a,"));
        assertEquals(List.of("neg", "pos"), LabelledDataset.parseLabels("neg, pos"));
    }

    private void assertError(String name, String content, List<String> labels, String where, String what) throws IOException {
        Path f = write(name, content);
        LabelledDataException e = assertThrows(LabelledDataException.class, () -> LabelledDataset.read(f, labels));
        assertTrue(e.getMessage().contains(dir.resolve(where).toString()), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }
}
