package dev.videochat.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextLanguagesTest {

    private final TextLanguages languages = TextLanguages.standard();

    private static LanguageRun run(String language, String text) {
        return new LanguageRun(language, text);
    }

    @Test
    void chineseTextIsOneChineseRunWithItsPunctuation() {
        assertEquals(List.of(run("zh", "你好，我是你的数字人，今天我们聊聊人工智能。")),
                languages.runs("你好，我是你的数字人，今天我们聊聊人工智能。"));
    }

    @Test
    void englishTextIsOneEnglishRun() {
        assertEquals(List.of(run("en", "Hello, how are you today?")), languages.runs("Hello, how are you today?"));
    }

    @Test
    void latinWordsInsideAChineseSentenceAreTheirOwnRun() {
        assertEquals(List.of(run("zh", "我们用 "), run("en", "Java "), run("zh", "写代码。")),
                languages.runs("我们用 Java 写代码。"));
    }

    @Test
    void mixedTextKeepsPunctuationAndSpacesWithThePrecedingRun() {
        assertEquals(List.of(run("en", "Hello "), run("zh", "你好!")), languages.runs("Hello 你好!"));
    }

    @Test
    void leadingPunctuationGoesWithTheFirstRun() {
        assertEquals(List.of(run("zh", "「你好」"), run("en", "world")), languages.runs("「你好」world"));
    }

    @Test
    void aNumberWrittenAgainstAChineseWordIsChinese() {
        assertEquals(List.of(run("en", "Hello "), run("zh", "2026年12月4日见。")), languages.runs("Hello 2026年12月4日见。"));
    }

    @Test
    void aNumberBetweenSpacesStaysWithThePrecedingRun() {
        assertEquals(List.of(run("en", "I have 3 "), run("zh", "苹果")), languages.runs("I have 3 苹果"));
    }

    @Test
    void numbersInsideChineseStayChinese() {
        assertEquals(List.of(run("zh", "价格是¥1,280，增长了3.5%，14:30开会。")),
                languages.runs("价格是¥1,280，增长了3.5%，14:30开会。"));
    }

    @Test
    void hanWithKanaIsJapanese() {
        assertEquals(List.of(run("ja", "日本語を話します。")), languages.runs("日本語を話します。"));
    }

    @Test
    void katakanaAloneIsJapanese() {
        assertEquals(List.of("ja"), languages.languages("コーヒー"));
    }

    @Test
    void hangulIsKoreanAndCyrillicIsRussian() {
        assertEquals(List.of("ko", "ru"), languages.languages("안녕하세요 Привет"));
    }

    @Test
    void emojiAndPunctuationOnlyHaveNoSpeakableLanguage() {
        assertTrue(languages.runs("😀🎉 !!! …").isEmpty());
        assertTrue(languages.runs("").isEmpty());
    }

    @Test
    void emojiBetweenWordsStaysWithTheWordBefore() {
        assertEquals(List.of(run("zh", "太好了😀 "), run("en", "great")), languages.runs("太好了😀 great"));
    }

    @Test
    void numbersAloneAreUndetermined() {
        assertEquals(List.of(run(TextLanguages.UNDETERMINED, "2026.")), languages.runs("2026."));
    }

    @Test
    void latinCanBeReadAsAnotherLanguage() {
        assertEquals(List.of(run("de", "Guten Tag, "), run("zh", "朋友")),
                TextLanguages.withLatinAs("de-DE").runs("Guten Tag, 朋友"));
    }

    @Test
    void runsGiveBackTheWholeText() {
        String text = "OK，我们 start 吧！Version 2 发布于 2026年。Thanks 🙏";
        assertEquals(text, String.join("", languages.runs(text).stream().map(LanguageRun::text).toList()));
    }

    @Test
    void languagesAreListedOnceInOrderOfAppearance() {
        assertEquals(List.of("zh", "en"), languages.languages("我爱 Java 和 Kotlin 语言"));
    }

    @Test
    void aBlankRunIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LanguageRun("zh", " "));
    }
}
