package io.bertstream.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link TokenRecord} as {@value #SCHEMA}, the binary value layout of the {@code tokens}
 * topic (specified in the README): a marker, flags, then the fields as varints and length-prefixed
 * UTF-8. The type ids travel as the index where segment B starts and the attention mask not at
 * all (all ones: records are never padded). The inference-service reads it with a reader of its
 * own, written from the same specification.
 */
public final class TokensV2Writer {

    public static final String SCHEMA = "bertstream.tokens.v2";

    /**
     * Magic {@code B7 'T' 'K'}, then the version. 0xB7 is a UTF-8 continuation byte, so neither JSON
     * (v1) nor any text starts with it: a reader tells the formats apart by the first byte.
     */
    public static final byte[] HEADER = {(byte) 0xB7, 'T', 'K', 2};

    /** More tokens than this do not fit the format (a model takes far fewer). */
    public static final int MAX_TOKENS = 65_535;

    static final int TRUNCATED = 1;
    static final int KEY = 2;
    static final int TASK = 4;
    static final int TEXT_PAIR = 8;
    static final int SOURCE = 16;

    private final byte[] out;
    private int at;

    private TokensV2Writer(int size) {
        this.out = new byte[size];
    }

    /** @throws IllegalArgumentException for a record the format cannot hold (a bug of the caller's) */
    public static byte[] write(TokenRecord record) {
        if (record.id() == null || record.text() == null) {
            throw new IllegalArgumentException("a token record needs an id and a text");
        }
        int[] ids = record.ids();
        if (ids.length > MAX_TOKENS) {
            throw new IllegalArgumentException(ids.length + " tokens is over the format's limit of " + MAX_TOKENS);
        }
        int segmentB = segmentB(record.typeIds(), ids.length);
        byte[] id = utf8(record.id());
        byte[] key = utf8(record.key());
        byte[] task = utf8(record.task());
        byte[] text = utf8(record.text());
        byte[] textPair = utf8(record.textPair());
        TokenRecord.Source source = record.source();
        byte[] topic = source == null ? null : utf8(source.topic());
        // Kafka's "no timestamp" is -1; the format says 0 for unknown.
        long receivedAt = Math.max(0, record.receivedAt());

        int size = HEADER.length + 1 + stringSize(id) + stringSize(key) + stringSize(task) + varintSize(ids.length)
                + varintSize(segmentB) + stringSize(text) + stringSize(textPair) + varintSize(receivedAt);
        for (int tokenId : ids) {
            size += varintSize(nonNegative(tokenId, "token id"));
        }
        if (source != null) {
            size += stringSize(topic) + varintSize(nonNegative(source.partition(), "partition"))
                    + varintSize(nonNegative(source.offset(), "offset"));
        }
        var writer = new TokensV2Writer(size);
        writer.bytes(HEADER);
        writer.out[writer.at++] = (byte) ((record.truncated() ? TRUNCATED : 0) | (key != null ? KEY : 0) | (task != null ? TASK : 0)
                | (textPair != null ? TEXT_PAIR : 0) | (source != null ? SOURCE : 0));
        writer.string(id);
        writer.optionalString(key);
        writer.optionalString(task);
        writer.varint(ids.length);
        for (int tokenId : ids) {
            writer.varint(tokenId);
        }
        writer.varint(segmentB);
        writer.string(text);
        writer.optionalString(textPair);
        if (source != null) {
            writer.string(topic);
            writer.varint(source.partition());
            writer.varint(source.offset());
        }
        writer.varint(receivedAt);
        return writer.out;
    }

    /** The index of the first type id 1 (the length when there is none); the type ids must be zeros, then ones. */
    private static int segmentB(int[] typeIds, int length) {
        if (typeIds.length != length) {
            throw new IllegalArgumentException(typeIds.length + " type ids for " + length + " ids");
        }
        int start = 0;
        while (start < length && typeIds[start] == 0) {
            start++;
        }
        for (int i = start; i < length; i++) {
            if (typeIds[i] != 1) {
                throw new IllegalArgumentException("type ids must be zeros, then ones; position " + i + " has " + typeIds[i]);
            }
        }
        return start;
    }

    private void string(byte[] utf8) {
        varint(utf8.length);
        bytes(utf8);
    }

    /** Absent: nothing (its flag says so). */
    private void optionalString(byte[] utf8) {
        if (utf8 != null) {
            string(utf8);
        }
    }

    private void bytes(byte[] bytes) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        at += bytes.length;
    }

    /** Unsigned LEB128: seven bits a byte, low bits first, the high bit set on every byte but the last. */
    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out[at++] = (byte) (value | 0x80);
            value >>>= 7;
        }
        out[at++] = (byte) value;
    }

    private static int varintSize(long value) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    }

    private static int stringSize(byte[] utf8) {
        return utf8 == null ? 0 : varintSize(utf8.length) + utf8.length;
    }

    private static long nonNegative(long value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException("a negative " + what + ": " + value);
        }
        return value;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
