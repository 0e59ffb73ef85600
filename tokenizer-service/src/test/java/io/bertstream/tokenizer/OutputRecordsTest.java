package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Truncation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class OutputRecordsTest {

    private final ObjectMapper json = new ObjectMapper();
    private final TokenizeService service;
    private final OutputRecords outputs;

    OutputRecordsTest() throws Exception {
        BertTokenizer tokenizer = BertTokenizer.load(Path.of("src/test/resources/bundle")).withTruncation(Truncation.longestFirst(32));
        service = new TokenizeService(tokenizer, new SentenceDecoder(100, Task.CLASSIFICATION, json));
        outputs = new OutputRecords(service, OutputFormat.BINARY, json, "tokens", "dlq");
    }

    private static ConsumerRecord<byte[], byte[]> input(String key, byte[] value) {
        var headers = new RecordHeaders();
        headers.add("trace", new byte[] {7});
        return new ConsumerRecord<>("sentences", 2, 41, 1234L, TimestampType.CREATE_TIME, 0, 0,
                key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    @Test
    void aGoodRecordBecomesItsTokenRecordUnderItsKey() {
        byte[] value = "The movie was great!".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> out = outputs.of(input("k1", value));
        assertEquals("tokens", out.topic());
        assertFalse(outputs.isDeadLetter(out));
        assertArrayEquals("k1".getBytes(StandardCharsets.UTF_8), out.key());
        assertArrayEquals(TokensV2Writer.write(service.tokenize(value, "k1", new TokenRecord.Source("sentences", 2, 41), 1234L)),
                out.value());
    }

    @Test
    void asJsonItIsTheV1Record() throws Exception {
        var jsonOutputs = new OutputRecords(service, OutputFormat.JSON, json, "tokens", "dlq");
        ProducerRecord<byte[], byte[]> out = jsonOutputs.of(input("k1", "The movie was great!".getBytes(StandardCharsets.UTF_8)));
        JsonNode node = json.readTree(out.value());
        assertEquals(TokenRecord.SCHEMA, node.get("schema").asText());
        assertEquals("sentences/2/41", node.get("id").asText());
        assertEquals("k1", node.get("key").asText());
        assertEquals(41, node.at("/source/offset").asInt());
        assertEquals(1234L, node.get("received_at").asLong());
    }

    @Test
    void aBadRecordBecomesADeadLetterWithReasonSourceAndItsOwnHeaders() {
        byte[] value = "{\"text\": 7}".getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> out = outputs.of(input("k2", value));
        assertTrue(outputs.isDeadLetter(out));
        assertEquals("dlq", out.topic());
        assertArrayEquals(value, out.value(), "the original value");
        assertArrayEquals("k2".getBytes(StandardCharsets.UTF_8), out.key(), "the original key");
        assertEquals("\"text\" must be a string, not number", header(out, OutputRecords.REASON));
        assertEquals(BadInputException.class.getName(), header(out, OutputRecords.EXCEPTION));
        assertEquals("sentences", header(out, OutputRecords.SOURCE_TOPIC));
        assertEquals("2", header(out, OutputRecords.SOURCE_PARTITION));
        assertEquals("41", header(out, OutputRecords.SOURCE_OFFSET));
        assertArrayEquals(new byte[] {7}, out.headers().lastHeader("trace").value(), "the input's headers are kept");
    }

    @Test
    void aRecordOverTheLimitIsADeadLetterToo() {
        ProducerRecord<byte[], byte[]> out = outputs.of(input("k3", "x".repeat(101).getBytes(StandardCharsets.UTF_8)));
        assertTrue(header(out, OutputRecords.REASON).contains("over the limit of 100 bytes"));
    }

    private static String header(ProducerRecord<?, ?> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
