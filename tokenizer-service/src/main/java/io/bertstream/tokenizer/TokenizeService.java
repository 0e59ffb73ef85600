package io.bertstream.tokenizer;

import io.bertstream.wordpiece.BertTokenizer;
import io.bertstream.wordpiece.Encoding;
import java.util.UUID;

/** The mapping of one input to its {@link TokenRecord}: decode, check, tokenize. No Kafka here. */
public final class TokenizeService {

    private final BertTokenizer tokenizer;
    private final SentenceDecoder decoder;
    private final int maskId;

    /** {@code tokenizer} already truncates to the service's max tokens. */
    public TokenizeService(BertTokenizer tokenizer, SentenceDecoder decoder) {
        this.tokenizer = tokenizer;
        this.decoder = decoder;
        this.maskId = tokenizer.tokenId(SentenceDecoder.MASK);
    }

    /**
     * @param source where the record came from, or null (REST): then an input without an id gets a
     *     random one
     * @throws BadInputException with the reason when the input cannot be served
     */
    public TokenRecord tokenize(byte[] value, String key, TokenRecord.Source source, long receivedAt) {
        SentenceRequest request = decoder.decode(value, source == null ? UUID.randomUUID().toString() : source.asId());
        Encoding encoding;
        try {
            encoding = request.textPair() == null
                    ? tokenizer.encode(request.text())
                    : tokenizer.encode(request.text(), request.textPair());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("cannot tokenize: " + e.getMessage());
        }
        int[] ids = encoding.ids();
        if (!hasOrdinaryToken(encoding.specialTokensMask())) {
            throw new BadInputException("no tokens left after cleaning the text (only control, format or invisible characters?)");
        }
        if (request.task() == Task.FILL_MASK && !contains(ids, maskId)) {
            throw new BadInputException("every " + SentenceDecoder.MASK + " was cut off by the truncation to " + ids.length + " tokens");
        }
        return new TokenRecord(TokenRecord.SCHEMA, request.id(), key, request.task().wireName(), ids,
                encoding.typeIds(), encoding.attentionMask(), encoding.truncated(), request.text(),
                request.textPair(), source, receivedAt);
    }

    private static boolean hasOrdinaryToken(int[] specialMask) {
        for (int special : specialMask) {
            if (special == 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(int[] ids, int id) {
        for (int i : ids) {
            if (i == id) {
                return true;
            }
        }
        return false;
    }
}
