package io.bertstream.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.inference.InferenceRequest;
import io.bertstream.inference.ModelBundle;
import io.bertstream.inference.Task;
import io.bertstream.inference.TokenRecordReader;
import io.bertstream.inference.TokensV2Reader;
import io.bertstream.tokenizer.OutputFormat;
import io.bertstream.tokenizer.TokenRecord;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer-service's writers and the inference-service's reader, two implementations of the
 * tokens layouts, agree on random records: unicode, pairs, absent keys, tasks and sources, large
 * ids and offsets, up to 512 tokens. (Each side is checked against hand-made bytes in its module.)
 */
class TokensRoundTripTest {

    private static final String[] TASKS = {"fill-mask", "classification", "next-sentence", "embedding"};
    private static final int MASK = 4;

    private final ObjectMapper json = new ObjectMapper();
    private final Random random = new Random(11);

    @Test
    void theReaderReadsWhatTheWriterWrote() throws Exception {
        var graphs = Map.of(Task.FILL_MASK, Path.of("f"), Task.CLASSIFICATION, Path.of("c"), Task.NEXT_SENTENCE, Path.of("n"),
                Task.EMBEDDING, Path.of("e"));
        var bundle = new ModelBundle(Path.of("bundle"), "any", "0", Integer.MAX_VALUE, 512, MASK, List.of(), List.of(), graphs);
        var reader = new TokenRecordReader(bundle, json, Optional.of(Task.EMBEDDING));
        for (int i = 0; i < 2000; i++) {
            TokenRecord record = randomRecord();
            byte[] binary = OutputFormat.BINARY.encode(record, json);
            InferenceRequest decoded = TokensV2Reader.read(binary, record.key());
            assertEquals(record.id(), decoded.id());
            assertEquals(record.task(), decoded.task() == null ? null : decoded.task().wireName());
            assertArrayEquals(record.ids(), decoded.ids());
            assertArrayEquals(record.typeIds(), decoded.typeIds());
            assertEquals(record.truncated(), decoded.truncated());
            TokenRecord.Source s = record.source();
            assertEquals(s == null ? null : new InferenceRequest.Source(s.topic(), s.partition(), s.offset()), decoded.source());
            assertEquals(record.receivedAt(), decoded.receivedAt());

            InferenceRequest fromJson = reader.read(OutputFormat.JSON.encode(record, json), record.key());
            InferenceRequest fromBinary = reader.read(binary, record.key());
            assertEquals(fromJson.task(), fromBinary.task());
            assertEquals(fromJson.source(), fromBinary.source());
            assertArrayEquals(fromJson.ids(), fromBinary.ids());
            assertArrayEquals(fromJson.typeIds(), fromBinary.typeIds());
        }
    }

    private TokenRecord randomRecord() {
        int length = random.nextInt(8) == 0 ? 512 : 1 + random.nextInt(128);
        int[] ids = new int[length];
        for (int i = 0; i < length; i++) {
            ids[i] = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(128);
                case 1 -> random.nextInt(30_000);
                case 2 -> random.nextInt(Integer.MAX_VALUE);
                default -> Integer.MAX_VALUE - 1 - random.nextInt(3); // the largest id a vocabulary of 2^31-1 holds, and below
            };
        }
        String task = random.nextInt(5) == 0 ? null : TASKS[random.nextInt(TASKS.length)];
        if ("fill-mask".equals(task)) {
            ids[random.nextInt(length)] = MASK;
        }
        int[] typeIds = new int[length];
        Arrays.fill(typeIds, random.nextInt(length + 1), length, 1);
        boolean pair = random.nextBoolean();
        var source = random.nextInt(4) == 0 ? null : new TokenRecord.Source(text(20), random.nextInt(Integer.MAX_VALUE),
                random.nextBoolean() ? Long.MAX_VALUE - random.nextInt(10) : random.nextLong(1L << 40));
        long receivedAt = random.nextInt(5) == 0 ? 0 : random.nextLong(Long.MAX_VALUE);
        return new TokenRecord(TokenRecord.SCHEMA, text(30), random.nextBoolean() ? null : text(10), task, ids, typeIds, new int[0],
                random.nextBoolean(), text(600), pair ? text(300) : null, source, receivedAt);
    }

    /** Up to {@code maxLength} code points from ASCII, Latin-1, CJK and emoji (never a lone surrogate). */
    private String text(int maxLength) {
        var s = new StringBuilder();
        int length = random.nextInt(maxLength + 1);
        for (int i = 0; i < length; i++) {
            s.appendCodePoint(switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5F);
                case 1 -> 0xA0 + random.nextInt(0x60);
                case 2 -> 0x4E00 + random.nextInt(0x5000);
                default -> 0x1F600 + random.nextInt(0x50);
            });
        }
        return s.toString();
    }
}
