package io.bertstream.trainer.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.trainer.autograd.GradMode;
import io.bertstream.trainer.autograd.Tensor;
import io.bertstream.trainer.bert.BertConfig;
import io.bertstream.trainer.bert.BertForPreTraining;
import io.bertstream.trainer.bert.BertInput;
import io.bertstream.trainer.cli.Main;
import io.bertstream.trainer.train.Checkpoint;
import io.bertstream.trainer.train.SafeTensors;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code export} on a pre-training output folder (model.safetensors, config.json, tokenizer,
 * metrics.json as {@code pretrain} leaves them): the bundle's tokenizer and serving graph give
 * the same top-k for [MASK] as the trainer's forward on the loaded model (the computation
 * {@code predict} prints); a folder whose weights lack a tensor fails with exit code 2 and the
 * tensor's name.
 */
class ExportCommandTest {
    private static final BertConfig CONFIG = RandomBertWeights.tinyConfig();

    @TempDir
    Path dir;

    @Test
    void exportsARunFolderAndAgreesWithTheTrainer() throws Exception {
        Path run = runFolder(RandomBertWeights.create(CONFIG, 17, 0));
        Path bundle = dir.resolve("bundle");
        Result r = export("--model", run.toString(), "--out", bundle.toString(), "--top-k", "4");
        assertEquals(0, r.code, r.err);
        assertTrue(r.out.contains("onnx/model.onnx"), r.out);
        assertEquals(0.25, new ObjectMapper().readTree(bundle.resolve("metrics.json").toFile()).get("mlm_accuracy").asDouble());
        assertEquals("mini", new ObjectMapper().readTree(bundle.resolve("config.json").toFile()).at("/bertstream/training/bertstream_preset").asText());

        BertTokenizer tokenizer = BertTokenizer.load(bundle);
        Encoding e = tokenizer.encode("the cat [MASK] on the mat", "the dog ran");
        int at = IntStream.range(0, e.length()).filter(i -> e.ids()[i] == tokenizer.tokenId("[MASK]")).findFirst().orElseThrow();
        BertForPreTraining model = Checkpoint.loadModel(run);
        float[] logits;
        try (GradMode.Scope off = GradMode.disabled()) {
            logits = model.maskedLmLogits(new BertInput(1, e.length(), e.ids(), e.typeIds(), e.attentionMask()), new int[] {at}).toArray();
        }
        long[] expected = IntStream.range(0, logits.length).boxed().sorted(Comparator.comparingDouble(v -> -logits[v])).limit(4)
                .mapToLong(Integer::longValue).toArray();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[][] ids = {longs(e.ids())}, mask = {longs(e.attentionMask())}, types = {longs(e.typeIds())};
        Map<String, OnnxTensor> inputs = new TestBatch(ids, mask, types).inputs(env);
        try (OrtSession s = env.createSession(bundle.resolve(BertGraph.FILL_MASK_TOP_K.path).toString(), new OrtSession.SessionOptions());
                OrtSession.Result result = s.run(inputs)) {
            assertArrayEquals(expected, ((long[][]) result.get("top_k_ids").orElseThrow().getValue())[0]);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Test
    void missingTensorFailsWithItsName() throws Exception {
        Map<String, Tensor> weights = RandomBertWeights.create(CONFIG, 17, 0);
        weights.remove("bert.encoder.layer.0.output.LayerNorm.weight");
        Result r = export("--model", runFolder(weights).toString(), "--out", dir.resolve("bundle").toString());
        assertEquals(2, r.code, r.out + r.err);
        assertTrue(r.err.contains("missing tensor bert.encoder.layer.0.output.LayerNorm.weight"), r.err);
        assertTrue(Files.notExists(dir.resolve("bundle")), "no bundle on failure");
    }

    private Path runFolder(Map<String, Tensor> weights) throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        SafeTensors.write(run.resolve(Checkpoint.WEIGHTS), new LinkedHashMap<>(weights), Map.of("format", "pt"));
        var json = new ObjectMapper();
        Files.writeString(run.resolve("config.json"), CONFIG.toJson(json).put("bertstream_preset", "mini").toString());
        Files.writeString(run.resolve("metrics.json"), "{\"mlm_accuracy\": 0.25}");
        BundleWriterTest.tokenizer().save(run);
        return run;
    }

    private record Result(int code, String out, String err) {}

    private static Result export(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        String[] full = new String[args.length + 1];
        full[0] = "export";
        System.arraycopy(args, 0, full, 1, args.length);
        int code = cl.execute(full);
        return new Result(code, out.toString(), err.toString());
    }

    private static long[] longs(int[] a) {
        return IntStream.of(a).asLongStream().toArray();
    }
}
