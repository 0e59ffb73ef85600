package io.bertstream.e2e.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bertstream.inference.InferenceRequest;
import io.bertstream.inference.TokenRecordReader;
import io.bertstream.tokenizer.OutputFormat;
import io.bertstream.tokenizer.TokenRecord;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code tokens} layouts, JSON ({@code bertstream.tokens.v1}) against binary
 * ({@code bertstream.tokens.v2}), measured with the services' own code on real token records:
 * bytes per record, and the cost to write one (the tokenizer-service's {@link OutputFormat}) and
 * read it back (the inference-service's {@link TokenRecordReader}, its checks against the model
 * included, the same for both).
 */
final class TokenEncodingComparison {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Result(double jsonBytes, double binaryBytes, double jsonNanos, double binaryNanos) {}

    private TokenEncodingComparison() {}

    /** Best of three timed passes after two warm-up passes; each pass writes and reads every record. */
    static Result measure(List<TokenRecord> records, TokenRecordReader reader) throws IOException {
        long jsonBytes = 0;
        long binaryBytes = 0;
        for (TokenRecord r : records) {
            byte[] json = OutputFormat.JSON.encode(r, JSON);
            byte[] binary = OutputFormat.BINARY.encode(r, JSON);
            if (!sameRequest(reader.read(json, r.key()), reader.read(binary, r.key()))) {
                throw new IllegalStateException("the two layouts of record " + r.id() + " read differently");
            }
            jsonBytes += json.length;
            binaryBytes += binary.length;
        }
        double bestJson = Double.MAX_VALUE;
        double bestBinary = Double.MAX_VALUE;
        long sink = 0;
        for (int pass = 0; pass < 5; pass++) {
            long start = System.nanoTime();
            for (TokenRecord r : records) {
                sink += reader.read(OutputFormat.JSON.encode(r, JSON), r.key()).length();
            }
            long json = System.nanoTime() - start;
            start = System.nanoTime();
            for (TokenRecord r : records) {
                sink += reader.read(OutputFormat.BINARY.encode(r, JSON), r.key()).length();
            }
            long binary = System.nanoTime() - start;
            if (pass >= 2) {
                bestJson = Math.min(bestJson, (double) json / records.size());
                bestBinary = Math.min(bestBinary, (double) binary / records.size());
            }
        }
        if (sink == 0) {
            throw new IllegalStateException("no ids");
        }
        return new Result((double) jsonBytes / records.size(), (double) binaryBytes / records.size(), bestJson, bestBinary);
    }

    private static boolean sameRequest(InferenceRequest a, InferenceRequest b) {
        return a.id().equals(b.id()) && a.task() == b.task() && Arrays.equals(a.ids(), b.ids()) && Arrays.equals(a.typeIds(), b.typeIds())
                && a.truncated() == b.truncated() && a.source().equals(b.source()) && a.receivedAt() == b.receivedAt();
    }
}
