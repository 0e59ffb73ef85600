package io.bertstream.inference;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes {@value #SCHEMA}, the binary layout of the {@code tokens} topic, as the README specifies
 * it (the tokenizer-service's writer is a separate implementation of the same text, so this service
 * needs nothing of it). Decoding only: the checks against the model are {@link TokenRecordReader}'s.
 * Reads the value in place, and skips the fields the service does not use (key, text, text pair)
 * instead of decoding them: the service reads many of these per batch.
 */
public final class TokensV2Reader {

    public static final String SCHEMA = "bertstream.tokens.v2";

    private static final byte[] MAGIC = {(byte) 0xB7, 'T', 'K'};
    private static final int VERSION = 2;
    private static final int TRUNCATED = 1;
    private static final int KEY = 2;
    private static final int TASK = 4;
    private static final int TEXT_PAIR = 8;
    private static final int SOURCE = 16;
    private static final int ALL_FLAGS = TRUNCATED | KEY | TASK | TEXT_PAIR | SOURCE;
    private static final int MAX_TOKENS = 65_535;

    private static final Task[] TASKS = Task.values();
    private static final byte[][] TASK_NAMES = Arrays.stream(TASKS).map(t -> t.wireName().getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);

    private final byte[] in;
    private int at;

    private TokensV2Reader(byte[] value) {
        this.in = value;
    }

    /** Whether the value is binary: its first byte is the v2 magic's, which no JSON (v1) value starts with. */
    public static boolean isBinary(byte[] value) {
        return value != null && value.length > 0 && value[0] == MAGIC[0];
    }

    /**
     * @param key the Kafka record's key (the one the prediction echoes)
     * @throws BadRecordException naming what is wrong, for a value that is not a whole, well-formed v2 record
     */
    public static InferenceRequest read(byte[] value, String key) {
        return new TokensV2Reader(value).record(key);
    }

    private InferenceRequest record(String key) {
        header();
        need(1, "flags");
        int flags = in[at++] & 0xFF;
        if ((flags & ~ALL_FLAGS) != 0) {
            throw bad(String.format("unknown flags 0x%02x at byte %d", flags & ~ALL_FLAGS, at - 1));
        }
        String id = string("id");
        if ((flags & KEY) != 0) {
            skipString("key");
        }
        Task task = (flags & TASK) != 0 ? task() : null;
        int count = varint32("token count");
        if (count > MAX_TOKENS) {
            throw bad(count + " tokens is over the format's limit of " + MAX_TOKENS);
        }
        need(count, "token ids"); // a byte each at least: a short record must not make us allocate a large array
        int[] ids = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = varint32("token id");
        }
        int segmentB = varint32("segment B start");
        if (segmentB > count) {
            throw bad("segment B starts at token " + segmentB + " of " + count);
        }
        int[] typeIds = new int[count];
        Arrays.fill(typeIds, segmentB, count, 1);
        skipString("text");
        if ((flags & TEXT_PAIR) != 0) {
            skipString("text_pair");
        }
        InferenceRequest.Source source = (flags & SOURCE) != 0
                ? new InferenceRequest.Source(string("source topic"), varint32("source partition"), varint64("source offset"))
                : null;
        long receivedAt = varint64("received_at");
        if (at != in.length) {
            throw bad((in.length - at) + " bytes after the end of the record (at byte " + at + ")");
        }
        return new InferenceRequest(id, key, task, ids, typeIds, (flags & TRUNCATED) != 0, source, receivedAt);
    }

    private void header() {
        if (in.length < MAGIC.length + 1) {
            throw bad("cut short: " + in.length + " bytes, less than the header");
        }
        if (in[1] != MAGIC[1] || in[2] != MAGIC[2]) {
            throw new BadRecordException("not a tokens record: it starts with byte 0xB7 but not with the " + SCHEMA + " marker B7 54 4B");
        }
        int version = in[3] & 0xFF;
        if (version != VERSION) {
            throw new BadRecordException("unknown version " + version + " of the binary tokens format; this service reads "
                    + SCHEMA + " (binary) and " + TokenRecordReader.V1_SCHEMA + " (JSON)");
        }
        at = MAGIC.length + 1;
    }

    private Task task() {
        int length = stringLength("task");
        for (int t = 0; t < TASKS.length; t++) {
            if (Arrays.equals(in, at, at + length, TASK_NAMES[t], 0, TASK_NAMES[t].length)) {
                at += length;
                return TASKS[t];
            }
        }
        throw new BadRecordException("unknown task \"" + new String(in, at, length, StandardCharsets.UTF_8) + "\"");
    }

    /** Malformed UTF-8 becomes U+FFFD, as the JSON reader's strings would not: the writer writes valid UTF-8. */
    private String string(String field) {
        int length = stringLength(field);
        String s = new String(in, at, length, StandardCharsets.UTF_8);
        at += length;
        return s;
    }

    private void skipString(String field) {
        int length = stringLength(field); // apart: `at += stringLength(field)` would add to `at` as it was before the call moved it
        at += length;
    }

    private int stringLength(String field) {
        int length = varint32(field + " length");
        need(length, field);
        return length;
    }

    private void need(int count, String field) {
        if (count > in.length - at) {
            throw bad("cut short: the " + field + " at byte " + at + " needs " + count + " bytes, the record has "
                    + (in.length - at) + " left");
        }
    }

    private int varint32(String field) {
        int start = at;
        long value = varint(field, 5);
        if (value > Integer.MAX_VALUE) {
            throw bad("bad varint: the " + field + " at byte " + start + " is " + value + ", over 2^31-1");
        }
        return (int) value;
    }

    private long varint64(String field) {
        return varint(field, 9);
    }

    /** Unsigned LEB128 of at most {@code maxBytes} bytes (5: 31 bits and more, 9: 63 bits). */
    private long varint(String field, int maxBytes) {
        int start = at;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            need(1, field);
            byte b = in[at++];
            value |= (long) (b & 0x7F) << (7 * i);
            if (b >= 0) {
                return value;
            }
        }
        throw bad("bad varint: the " + field + " at byte " + start + " is longer than " + maxBytes + " bytes");
    }

    private static BadRecordException bad(String reason) {
        return new BadRecordException(SCHEMA + ": " + reason);
    }
}
