package io.bertstream.e2e.bench;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code tokens} wire format, JSON ({@code bertstream.tokens.v1}) against a compact binary
 * candidate, measured on real token records from the service: bytes per record and the cost to
 * encode and decode one. The candidate carries the same fields: strings as length + UTF-8, the ids
 * as varints, the type ids as the index where segment B starts, no attention mask (all ones: there
 * is no padding).
 */
final class TokenEncodingComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Tokens(@JsonProperty("schema") String schema, @JsonProperty("id") String id, @JsonProperty("key") String key,
            @JsonProperty("task") String task, @JsonProperty("ids") int[] ids, @JsonProperty("type_ids") int[] typeIds,
            @JsonProperty("attention_mask") int[] attentionMask, @JsonProperty("truncated") boolean truncated,
            @JsonProperty("text") String text, @JsonProperty("text_pair") String textPair,
            @JsonProperty("source") Source source, @JsonProperty("received_at") long receivedAt) {}

    record Source(@JsonProperty("topic") String topic, @JsonProperty("partition") int partition, @JsonProperty("offset") long offset) {}

    record Result(double jsonBytes, double binaryBytes, double jsonNanos, double binaryNanos) {}

    private TokenEncodingComparison() {}

    /** Best of three timed passes after two warm-up passes; each pass encodes and decodes every record. */
    static Result measure(List<byte[]> jsonValues) throws IOException {
        Tokens[] records = new Tokens[jsonValues.size()];
        long jsonBytes = 0;
        long binaryBytes = 0;
        for (int i = 0; i < records.length; i++) {
            records[i] = JSON.readValue(jsonValues.get(i), Tokens.class);
            byte[] binary = encode(records[i]);
            if (!sameContent(records[i], decode(binary))) {
                throw new IllegalStateException("the binary candidate does not round-trip record " + records[i].id());
            }
            jsonBytes += JSON.writeValueAsBytes(records[i]).length;
            binaryBytes += binary.length;
        }
        double bestJson = Double.MAX_VALUE;
        double bestBinary = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long start = System.nanoTime();
            for (Tokens r : records) {
                sink += JSON.readValue(JSON.writeValueAsBytes(r), Tokens.class).ids().length;
            }
            long json = System.nanoTime() - start;
            start = System.nanoTime();
            for (Tokens r : records) {
                sink += decode(encode(r)).ids().length;
            }
            long binary = System.nanoTime() - start;
            if (pass >= 2) {
                bestJson = Math.min(bestJson, (double) json / records.length);
                bestBinary = Math.min(bestBinary, (double) binary / records.length);
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("no ids");
        }
        return new Result((double) jsonBytes / records.length, (double) binaryBytes / records.length, bestJson, bestBinary);
    }

    static byte[] encode(Tokens r) {
        var out = new ByteArrayOutputStream(64 + r.text().length() + 2 * r.ids().length);
        string(out, r.id());
        string(out, r.key());
        string(out, r.task());
        varint(out, r.ids().length);
        int segmentB = r.ids().length;
        for (int i = 0; i < r.ids().length; i++) {
            varint(out, r.ids()[i]);
            if (r.typeIds()[i] == 1 && segmentB == r.ids().length) {
                segmentB = i;
            }
        }
        varint(out, segmentB);
        out.write(r.truncated() ? 1 : 0);
        string(out, r.text());
        string(out, r.textPair());
        string(out, r.source().topic());
        varint(out, r.source().partition());
        varint(out, r.source().offset());
        varint(out, r.receivedAt());
        return out.toByteArray();
    }

    static Tokens decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        String id = string(in);
        String key = string(in);
        String task = string(in);
        int[] ids = new int[(int) varint(in)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) varint(in);
        }
        int segmentB = (int) varint(in);
        int[] typeIds = new int[ids.length];
        Arrays.fill(typeIds, segmentB, ids.length, 1);
        int[] mask = new int[ids.length];
        Arrays.fill(mask, 1);
        boolean truncated = in.get() == 1;
        String text = string(in);
        String textPair = string(in);
        var source = new Source(string(in), (int) varint(in), varint(in));
        return new Tokens("bertstream.tokens.v1", id, key, task, ids, typeIds, mask, truncated, text, textPair, source, varint(in));
    }

    private static boolean sameContent(Tokens a, Tokens b) {
        return a.id().equals(b.id()) && Arrays.equals(a.ids(), b.ids()) && Arrays.equals(a.typeIds(), b.typeIds())
                && Arrays.equals(a.attentionMask(), b.attentionMask()) && a.text().equals(b.text()) && a.receivedAt() == b.receivedAt()
                && a.source().equals(b.source()) && a.truncated() == b.truncated();
    }

    /** Length + 1 as a varint (0: null), then UTF-8. */
    private static void string(ByteArrayOutputStream out, String s) {
        if (s == null) {
            varint(out, 0);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        varint(out, utf8.length + 1L);
        out.writeBytes(utf8);
    }

    private static String string(ByteBuffer in) {
        int length = (int) varint(in) - 1;
        if (length < 0) {
            return null;
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long varint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
    }
}
