package io.bertstream.trainer.data;

import static io.bertstream.trainer.data.EuroparlEnglishFilter.Verdict.ENGLISH;
import static io.bertstream.trainer.data.EuroparlEnglishFilter.Verdict.OTHER_LANGUAGE;
import static io.bertstream.trainer.data.EuroparlEnglishFilter.Verdict.TOO_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EuroparlEnglishFilterTest {

    static final String ENGLISH_TEXT = "Mr President, it is with particular pleasure that I contribute to the debate"
            + " on a very important report dealing with the opening of the market to competition.";

    @Test
    void tellsEnglishFromOtherLanguages() {
        assertEquals(ENGLISH, EuroparlEnglishFilter.judge(ENGLISH_TEXT));
        assertEquals(OTHER_LANGUAGE, EuroparlEnglishFilter.judge("Ich freue mich sehr, daß Herr Bertens hier ist,"
                + " denn er hat auch an der Aussprache mit der niederländischen Präsidentschaft teilgenommen."));
        assertEquals(OTHER_LANGUAGE, EuroparlEnglishFilter.judge("Invitiamo dunque la Commissione a sottoporre nuove"
                + " proposte intese a combattere in modo efficace la discriminazione basata sul sesso."));
        // Danish shares "i", "at", "den" with English lists that are less careful.
        assertEquals(OTHER_LANGUAGE, EuroparlEnglishFilter.judge("Jeg vil gerne oplyse Parlamentet om, at Formanden"
                + " for Nyt Demokrati i dag er til stede i den officielle loge."));
        assertEquals(TOO_SHORT, EuroparlEnglishFilter.judge("That concludes the vote."));
    }

    @Test
    void paragraphsSplitOnRunsOfSpacesAndLoseLeadingPunctuation() {
        assertEquals(List.of("the vote will be taken tomorrow.", "(Applause) Next item."),
                EuroparlSource.paragraphs(".   the vote will be taken tomorrow.    (Applause) Next item."));
    }
}
