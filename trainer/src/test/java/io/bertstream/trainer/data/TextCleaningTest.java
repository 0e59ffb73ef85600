package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small text transformations: reflowing, sentences, speeches, reviews, decoding. */
class TextCleaningTest {

    @Test
    void reflowJoinsWrappedLinesAndSplitsOnBlankLines() {
        assertEquals(List.of("one two three", "four"),
                ParagraphReflower.reflow(List.of("one", "two\t three ", "", "   ", "four", "")));
    }

    @Test
    void anIndentedLineStartsANewParagraph() {
        assertEquals(List.of("Barnardo. Who's there?", "Fran. Nay answer me: Stand & vnfold your selfe",
                        "Bar. Long liue the King"),
                ParagraphReflower.reflow(List.of("  Barnardo. Who's there?", "  Fran. Nay answer me: Stand & vnfold",
                        "your selfe", "", "   Bar. Long liue the King")));
        assertEquals(List.of("a b", "c"), ParagraphReflower.reflow(List.of("a", " b", "\tc")));
    }

    @Test
    void sentencesRespectAbbreviationsInitialsAndQuotes() {
        assertEquals(List.of(
                        "Mr. Speaker, Gen. Grant and John F. Kennedy met in the U.S. Capitol.",
                        "Is it over?",
                        "\"Yes.\"",
                        "We voted 3 to 1.",
                        "It ends here"),
                SentenceSplitter.split("Mr. Speaker, Gen. Grant and John F. Kennedy met in the U.S. Capitol. "
                        + "Is it over? \"Yes.\" We voted 3 to 1. It ends here"));
    }

    @Test
    void speechesLoseAudienceNotes() {
        String text = "Thank you. (Applause.) Madam Vice President—(applause)—no President has said it. [Laughter] Good.";
        assertEquals(3, SpeechCleaner.audienceNotes(text));
        assertEquals(List.of("Thank you.", "Madam Vice President—no President has said it.", "Good."),
                SpeechCleaner.sentences(text));
    }

    @Test
    void reviewBreaksBecomeParagraphs() {
        String html = "Great film.<br /><br />Really  great.<br />Ten stars.<BR/>";
        assertEquals(List.of("Great film.", "Really great.", "Ten stars."), ReviewText.paragraphs(html));
    }

    @Test
    void decodesUtf8AndFallsBackToLatin1() {
        assertEquals("Cæsar", TextDecoding.decode("Cæsar".getBytes(StandardCharsets.UTF_8)));
        assertEquals("Cæsar", TextDecoding.decode("Cæsar".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("x", TextDecoding.decode(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'x'}));
    }
}
