package dev.videochat.tts.espeak;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MandarinTextTest {

    @Test
    void chineseBecomesTonedPinyinWithPausesForItsPunctuation() {
        assertEquals("ni3 hao3, wo3 shi4 ni3 de5 shu4 zi4 ren2.",
                EspeakSynthesizer.mandarinText("你好，我是你的数字人。"));
    }

    @Test
    void numbersAreReadBeforeThePinyin() {
        assertEquals("jin1 tian1 shi4 er4 ling2 er4 liu4 nian2 shi2 er4 yue4 si4 ri4.",
                EspeakSynthesizer.mandarinText("今天是2026年12月4日。"));
    }

    @Test
    void polyphonesFollowTheirPhrase() {
        assertEquals("chong2 qing4 de5 yin2 hang2 hang2 zhang3", EspeakSynthesizer.mandarinText("重庆的银行行长"));
    }
}
