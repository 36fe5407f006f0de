package dev.videochat.tts.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeechTextCleanerTest {

    @Test
    void markdownEmphasisAndCodeKeepTheirWords() {
        assertEquals("This is very important and so is run().",
                SpeechTextCleaner.clean("This is **very** _important_ and so is `run()`."));
    }

    @Test
    void linksKeepTheirTextAndBareUrlsAreDropped() {
        assertEquals("See the docs, or visit for more.",
                SpeechTextCleaner.clean("See [the docs](https://example.com/docs), or visit https://example.com/a?b=c for more."));
    }

    @Test
    void headingsAndListItemsBecomeSentences() {
        assertEquals("Shopping. Apples. Two pears!",
                SpeechTextCleaner.clean("## Shopping\n- Apples\n* Two pears!\n\n---"));
    }

    @Test
    void numberedListsLoseTheirNumbersButPlainNumbersStay() {
        assertEquals("First step. It costs 3.50 dollars.", SpeechTextCleaner.clean("1. First step\n2) It costs 3.50 dollars."));
    }

    @Test
    void emojiFlagsAndJoinersAreRemoved() {
        assertEquals("Great job!", SpeechTextCleaner.clean("Great job! 🎉👍🏽 👨‍👩‍👧 🇨🇳 ❤️"));
    }

    @Test
    void chineseTextIsKeptAndGetsAChineseFullStop() {
        assertEquals("你好，世界。 欢迎使用。", SpeechTextCleaner.clean("**你好**，世界😀\n欢迎使用。"));
    }

    @Test
    void tablesReadAsCommaSeparatedCells() {
        assertEquals("Name, Age. Ann, 31.", SpeechTextCleaner.clean("| Name | Age |\n|---|---|\n| Ann | 31 |"));
    }

    @Test
    void quotesFencesAndHtmlTagsAreStripped() {
        assertEquals("Quoted. x = 1. line one line two.",
                SpeechTextCleaner.clean("> Quoted\n```java\nx = 1\n```\nline one<br>line two"));
    }

    @Test
    void unpairedSurrogatesAreDroppedAndDoNotPairUpAcrossARemovedEmoji() {
        assertEquals("a b.", SpeechTextCleaner.clean("a\uD83D🎉\uDE00 b"));
    }

    @Test
    void onlyEmojiLeavesNothing() {
        assertEquals("", SpeechTextCleaner.clean("😀 🎉"));
    }

    @Test
    void plainTextIsUnchanged() {
        String text = "Hello, my name is Kevin. How are you today?";
        assertEquals(text, SpeechTextCleaner.clean(text));
    }
}
