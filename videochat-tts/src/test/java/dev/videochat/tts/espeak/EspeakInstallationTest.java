package dev.videochat.tts.espeak;

import dev.videochat.api.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EspeakInstallationTest {

    @Test
    void aMissingProgramSaysHowToInstallIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new EspeakProvider().create(Map.of("executable", "espeak-ng-not-on-this-machine")));
        assertTrue(e.getMessage().contains("apt-get install espeak-ng"), e.getMessage());
        assertTrue(e.getMessage().startsWith("[TTS/espeak]"), e.getMessage());
    }

    @Test
    void voiceNamesComeFromTheLanguageColumnOnce() {
        String listing = """
                Pty Language       Age/Gender VoiceName          File                 Other Languages
                 5  cmn             --/M      Chinese_(Mandarin,_latin_as_English) sit/cmn              (zh-cmn 5)(zh 5)
                 5  cmn-latn-pinyin --/M      Chinese_(Mandarin,_latin_as_Pinyin) sit/cmn-Latn-pinyin  (zh-cmn 5)(zh 5)
                 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
                 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
                 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)
                """;
        assertEquals(List.of("cmn", "cmn-latn-pinyin", "en-us", "yue"), EspeakInstallation.parseVoices(listing));
    }

    @Test
    void mandarinVoicesSpeakChinese() {
        assertEquals("zh", EspeakSynthesizer.languageOf("cmn-latn-pinyin"));
        assertEquals("en-us", EspeakSynthesizer.languageOf("en-us"));
    }
}
