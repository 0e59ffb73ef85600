package io.bertstream.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bertstream.wordpiece.bench.BenchFigure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BenchSummaryTest {

    @TempDir
    Path run;

    @Test
    void figuresOfEveryStageFileEndUpInTheTableAndTheChart() throws Exception {
        Files.writeString(run.resolve("1-tokenizer.txt"), "corpus: 18 files\n"
                + BenchFigure.rate("tokenizer", "encode", "MB/s", 16, "HF tokenizers", 0.5).line() + "\nratio 32x\n");
        Files.writeString(run.resolve("2-inference.txt"), String.join("\n",
                BenchFigure.rate("inference-service", "predictions", "1/s", 400, "raw ONNX Runtime", 800).line(),
                BenchFigure.time("inference-service", "p99 latency", "ms", 40, "target", 50).line(),
                BenchFigure.rate("train tiny", "step", "tokens/s", 9000, "PyTorch", Double.NaN).line()));
        Files.writeString(run.resolve("notes.log"), BenchFigure.rate("ignored", "m", "u", 1, "b", 1).line());

        BenchSummary.main(new String[] {run.toString()});

        String summary = Files.readString(run.resolve("summary.md"));
        assertTrue(summary.contains("| tokenizer | encode | 16.0 MB/s | HF tokenizers | 0.500 MB/s | 32.00× better |"), summary);
        assertTrue(summary.contains("| inference-service | predictions | 400 1/s | raw ONNX Runtime | 800 1/s | 2.00× worse |"), summary);
        assertTrue(summary.contains("| inference-service | p99 latency | 40.0 ms | target | 50.0 ms | 1.25× better |"), summary);
        assertTrue(summary.contains("| train tiny | step | 9,000 tokens/s | PyTorch | not measured | - |"), summary);
        assertTrue(!summary.contains("ignored"), "only the stage outputs (*.txt) count");

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(run.resolve("chart.svg").toFile());
        NodeList rects = svg.getElementsByTagName("rect");
        List<Element> bars = java.util.stream.IntStream.range(0, rects.getLength()).mapToObj(i -> (Element) rects.item(i))
                .filter(e -> e.getAttribute("class").equals("bar")).toList();
        assertEquals(3, bars.size(), "one bar per figure with a baseline");
        assertEquals("#3a9a4a", bars.get(0).getAttribute("fill"));
        assertEquals("#c8453c", bars.get(1).getAttribute("fill"));
        // log scale: the 32× bar is five times as long as the 2× one
        double w32 = Double.parseDouble(bars.get(0).getAttribute("width"));
        double w2 = Double.parseDouble(bars.get(1).getAttribute("width"));
        assertEquals(5.0, w32 / w2, 1e-6);
    }
}
