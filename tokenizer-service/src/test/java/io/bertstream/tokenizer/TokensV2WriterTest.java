package io.bertstream.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The writer against bytes written out by hand from the README's specification of bertstream.tokens.v2. */
class TokensV2WriterTest {

    @Test
    void theReadmeExample() {
        var record = new TokenRecord(TokenRecord.SCHEMA, "sentences/2/0", "k1", "next-sentence",
                new int[] {2, 51, 832, 18, 3, 51, 890, 18, 3}, new int[] {0, 0, 0, 0, 0, 1, 1, 1, 1}, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1},
                false, "I came.", "I saw.", new TokenRecord.Source("sentences", 2, 0), 1795920449582L);
        assertArrayEquals(bytes(
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
                "AE A0 CD A9 A2 34"), // received_at 1795920449582
                TokensV2Writer.write(record));
    }

    @Test
    void absentFieldsTakeNoBytesAndAnUnknownTimestampIsZero() {
        var record = new TokenRecord(TokenRecord.SCHEMA, "r1", null, null, new int[] {2, 300, 3}, new int[3], new int[] {1, 1, 1},
                true, "hi", null, null, -1);
        assertArrayEquals(bytes("B7 54 4B 02", "01", "02", "'r1'", "03", "02 AC 02 03", "03", "02", "'hi'", "00"),
                TokensV2Writer.write(record));
    }

    @Test
    void largeValuesUnicodeAndAllSegmentB() {
        var record = new TokenRecord(TokenRecord.SCHEMA, "é", null, "embedding", new int[] {Integer.MAX_VALUE, 0}, new int[] {1, 1},
                new int[] {1, 1}, false, "€😀", null, new TokenRecord.Source("t", Integer.MAX_VALUE, Long.MAX_VALUE), Long.MAX_VALUE);
        assertArrayEquals(bytes("B7 54 4B 02", "14", "02", "'é'", "09", "'embedding'", "02", "FF FF FF FF 07 00", "00",
                "07", "'€😀'", "01", "'t'", "FF FF FF FF 07", "FF FF FF FF FF FF FF FF 7F", "FF FF FF FF FF FF FF FF 7F"),
                TokensV2Writer.write(record));
    }

    @Test
    void refusesWhatTheFormatCannotHold() {
        var mixed = new TokenRecord(TokenRecord.SCHEMA, "r", null, null, new int[] {2, 5, 3}, new int[] {0, 1, 0}, new int[3],
                false, "x", null, null, 0);
        assertEquals("type ids must be zeros, then ones; position 2 has 0",
                assertThrows(IllegalArgumentException.class, () -> TokensV2Writer.write(mixed)).getMessage());
        var tooLong = new TokenRecord(TokenRecord.SCHEMA, "r", null, null, new int[65_536], new int[65_536], new int[0],
                false, "x", null, null, 0);
        assertEquals("65536 tokens is over the format's limit of 65535",
                assertThrows(IllegalArgumentException.class, () -> TokensV2Writer.write(tooLong)).getMessage());
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
