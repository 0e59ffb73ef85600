package io.bertstream.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Both layouts of the tokens topic, told apart by their first byte, and the same checks against the model for both. */
class TokenRecordReaderTest {

    private static final String V1_EXAMPLE = """
            {"schema": "bertstream.tokens.v1", "id": "sentences/2/0", "key": "k1", "task": "next-sentence",
             "ids": [2, 51, 832, 18, 3, 51, 890, 18, 3], "type_ids": [0, 0, 0, 0, 0, 1, 1, 1, 1],
             "attention_mask": [1, 1, 1, 1, 1, 1, 1, 1, 1], "truncated": false,
             "text": "I came.", "text_pair": "I saw.",
             "source": {"topic": "sentences", "partition": 2, "offset": 0}, "received_at": 1795920449582}""";

    private final ObjectMapper json = new ObjectMapper();

    private TokenRecordReader reader(int vocabSize, int maxPositions, Optional<Task> defaultTask) {
        var graphs = Map.of(Task.NEXT_SENTENCE, Path.of("nsp.onnx"), Task.EMBEDDING, Path.of("embeddings.onnx"));
        var bundle = new ModelBundle(Path.of("bundle"), "test", "0", vocabSize, maxPositions, 4, List.of(), List.of(), graphs);
        return new TokenRecordReader(bundle, json, defaultTask);
    }

    private final TokenRecordReader reader = reader(1000, 16, Optional.empty());

    @Test
    void theReadmeExampleReadsTheSameInBothLayouts() {
        InferenceRequest binary = reader.read(TokensV2ReaderTest.EXAMPLE, "k1");
        InferenceRequest jsonRecord = reader.read(V1_EXAMPLE.getBytes(StandardCharsets.UTF_8), "k1");
        assertEquals(jsonRecord.id(), binary.id());
        assertEquals(jsonRecord.task(), binary.task());
        assertArrayEquals(jsonRecord.ids(), binary.ids());
        assertArrayEquals(jsonRecord.typeIds(), binary.typeIds());
        assertEquals(jsonRecord.source(), binary.source());
        assertEquals(jsonRecord.receivedAt(), binary.receivedAt());
        assertEquals(jsonRecord.truncated(), binary.truncated());
    }

    @Test
    void binaryRecordsAreCheckedAgainstTheModelAsJsonOnesAre() {
        assertEquals("token id 832 at position 2 is outside the vocabulary of 800",
                reason(reader(800, 16, Optional.empty()), TokensV2ReaderTest.EXAMPLE));
        assertEquals("9 tokens is over the model's limit of 8", reason(reader(1000, 8, Optional.empty()), TokensV2ReaderTest.EXAMPLE));
        byte[] classification = TokensV2ReaderTest.bytes("B7 54 4B 02", "04", "01", "'x'", "0E", "'classification'", "01", "05", "01", "00", "00");
        assertEquals("the model test has no graph for the task classification (bundle graphs: [embedding, next-sentence])",
                reason(reader, classification));
    }

    @Test
    void aRecordWithoutATaskGetsTheDefaultTask() {
        byte[] noTask = TokensV2ReaderTest.bytes("B7 54 4B 02", "00", "01", "'x'", "01", "05", "01", "00", "00");
        assertEquals(Task.EMBEDDING, reader(1000, 16, Optional.of(Task.EMBEDDING)).read(noTask, null).task());
        assertEquals("a tokens record without a task, and the service has no default task", reason(reader, noTask));
    }

    @Test
    void neitherLayoutIsNotATokensRecord() {
        assertEquals("not a tokens record: the value is not JSON (bertstream.tokens.v1) and does not start with the "
                + "bertstream.tokens.v2 marker", reason(reader, "plain text".getBytes(StandardCharsets.UTF_8)));
        assertEquals("unknown schema \"bertstream.tokens.v2\"; this service reads bertstream.tokens.v1 (JSON) and "
                + "bertstream.tokens.v2 (binary)", reason(reader, "{\"schema\": \"bertstream.tokens.v2\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("\"source\" must be an object with a topic, a partition and an offset",
                reason(reader, V1_EXAMPLE.replace("\"topic\": \"sentences\", ", "").getBytes(StandardCharsets.UTF_8)));
        byte[] cut = Arrays.copyOf(TokensV2ReaderTest.EXAMPLE, 40);
        assertEquals("bertstream.tokens.v2: cut short: the token ids at byte 37 needs 9 bytes, the record has 3 left", reason(reader, cut));
    }

    private static String reason(TokenRecordReader reader, byte[] value) {
        return assertThrows(BadRecordException.class, () -> reader.read(value, null)).getMessage();
    }
}
