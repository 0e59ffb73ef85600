package io.bertstream.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The reader against bytes written out by hand from the README's specification of bertstream.tokens.v2. */
class TokensV2ReaderTest {

    /** The README's example record. */
    static final byte[] EXAMPLE = bytes(
            "B7 54 4B 02", // magic, version
            "1E", // flags: key, task, text_pair, source
            "0D", "'sentences/2/0'", // id
            "02", "'k1'", // key
            "0D", "'next-sentence'", // task
            "09", // 9 tokens
            "02 33 C0 06 12 03 33 FA 06 12 03", // 2 51 832 18 3 51 890 18 3
            "05", // segment B from token 5
            "07", "'I came.'", // text
            "06", "'I saw.'", // text_pair
            "09", "'sentences'", "02", "00", // source: topic, partition, offset
            "AE A0 CD A9 A2 34"); // received_at 1795920449582

    @Test
    void theReadmeExample() {
        assertTrue(TokensV2Reader.isBinary(EXAMPLE));
        InferenceRequest r = TokensV2Reader.read(EXAMPLE, "kafka-key");
        assertEquals("sentences/2/0", r.id());
        assertEquals("kafka-key", r.key(), "the Kafka record's key, as for JSON records");
        assertEquals(Task.NEXT_SENTENCE, r.task());
        assertArrayEquals(new int[] {2, 51, 832, 18, 3, 51, 890, 18, 3}, r.ids());
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1}, r.typeIds());
        assertFalse(r.truncated());
        assertEquals(new InferenceRequest.Source("sentences", 2, 0), r.source());
        assertEquals(1795920449582L, r.receivedAt());
    }

    @Test
    void absentFieldsTruncatedAndNoSegmentB() {
        InferenceRequest r = TokensV2Reader.read(bytes("B7 54 4B 02", "01", "02", "'r1'", "03", "02 AC 02 03", "03", "02", "'hi'", "00"), null);
        assertEquals("r1", r.id());
        assertNull(r.task());
        assertArrayEquals(new int[] {2, 300, 3}, r.ids());
        assertArrayEquals(new int[3], r.typeIds());
        assertTrue(r.truncated());
        assertNull(r.source());
        assertEquals(0, r.receivedAt());
    }

    @Test
    void largeValuesUnicodeAndAllSegmentB() {
        InferenceRequest r = TokensV2Reader.read(bytes("B7 54 4B 02", "14", "02", "'é'", "09", "'embedding'", "02", "FF FF FF FF 07 00", "00",
                "07", "'€😀'", "03", "'tö'", "FF FF FF FF 07", "FF FF FF FF FF FF FF FF 7F", "FF FF FF FF FF FF FF FF 7F"), null);
        assertEquals("é", r.id());
        assertEquals(Task.EMBEDDING, r.task());
        assertArrayEquals(new int[] {Integer.MAX_VALUE, 0}, r.ids());
        assertArrayEquals(new int[] {1, 1}, r.typeIds());
        assertEquals(new InferenceRequest.Source("tö", Integer.MAX_VALUE, Long.MAX_VALUE), r.source());
        assertEquals(Long.MAX_VALUE, r.receivedAt());
    }

    @Test
    void fiveHundredTwelveTokens() {
        byte[] ids = new byte[512];
        Arrays.fill(ids, (byte) 7);
        var out = new ByteArrayOutputStream();
        out.writeBytes(bytes("B7 54 4B 02", "00", "01", "'x'", "80 04"));
        out.writeBytes(ids);
        out.writeBytes(bytes("80 02", "00", "00")); // segment B from token 256, empty text, received_at 0
        InferenceRequest r = TokensV2Reader.read(out.toByteArray(), null);
        assertEquals(512, r.length());
        assertTrue(Arrays.stream(r.ids()).allMatch(id -> id == 7));
        assertEquals(256, Arrays.stream(r.typeIds()).sum());
        assertEquals(1, r.typeIds()[256]);
        assertEquals(0, r.typeIds()[255]);
    }

    @Test
    void everyCutShortRecordIsBadAndSaysWhere() {
        for (int length = 0; length < EXAMPLE.length; length++) {
            byte[] cut = Arrays.copyOf(EXAMPLE, length);
            if (length == 0) {
                assertFalse(TokensV2Reader.isBinary(cut), "an empty value is for the JSON reader to refuse");
                continue;
            }
            String reason = reason(cut);
            assertTrue(reason.startsWith("bertstream.tokens.v2: cut short"), length + " bytes: " + reason);
        }
        assertEquals("bertstream.tokens.v2: cut short: the text at byte 50 needs 7 bytes, the record has 3 left", reason(Arrays.copyOf(EXAMPLE, 53)));
    }

    @Test
    void malformedRecordsGetAClearReason() {
        assertEquals("unknown version 3 of the binary tokens format; this service reads bertstream.tokens.v2 (binary) "
                + "and bertstream.tokens.v1 (JSON)", reason(bytes("B7 54 4B 03", "00")));
        assertEquals("not a tokens record: it starts with byte 0xB7 but not with the bertstream.tokens.v2 marker B7 54 4B",
                reason(bytes("B7 54 4C 02", "00")));
        assertEquals("bertstream.tokens.v2: unknown flags 0x20 at byte 4", reason(bytes("B7 54 4B 02", "21")));
        assertEquals("bertstream.tokens.v2: bad varint: the token id at byte 8 is longer than 5 bytes",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "02", "FF FF FF FF FF 01")));
        assertEquals("bertstream.tokens.v2: bad varint: the token id at byte 8 is 4294967295, over 2^31-1",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "02", "FF FF FF FF 0F 03")));
        assertEquals("bertstream.tokens.v2: bad varint: the received_at at byte 11 is longer than 9 bytes",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "01", "05", "01", "00", "FF FF FF FF FF FF FF FF FF 01")));
        assertEquals("bertstream.tokens.v2: 65536 tokens is over the format's limit of 65535",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "80 80 04")));
        assertEquals("bertstream.tokens.v2: cut short: the token ids at byte 9 needs 1000 bytes, the record has 2 left",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "E8 07", "05 00")));
        assertEquals("bertstream.tokens.v2: segment B starts at token 3 of 2",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "02", "05 06", "03", "00", "00")));
        assertEquals("bertstream.tokens.v2: 2 bytes after the end of the record (at byte 12)",
                reason(bytes("B7 54 4B 02", "00", "01", "'x'", "01", "05", "01", "00", "00", "00 00")));
        assertEquals("unknown task \"translate\"", reason(bytes("B7 54 4B 02", "04", "01", "'x'", "09", "'translate'", "01", "05", "01", "00", "00")));
    }

    private static String reason(byte[] value) {
        return assertThrows(BadRecordException.class, () -> TokensV2Reader.read(value, null)).getMessage();
    }

    /** Hex bytes, or UTF-8 text between single quotes. */
    static byte[] bytes(String... parts) {
        var out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.startsWith("'") ? part.substring(1, part.length() - 1).getBytes(StandardCharsets.UTF_8)
                    : HexFormat.ofDelimiter(" ").parseHex(part));
        }
        return out.toByteArray();
    }
}
