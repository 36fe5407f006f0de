package dev.videochat.tts.mandarin;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinyinTest {

    /** The polyphone list (see polyphones.txt beside it): word and expected pinyin. */
    private static List<String[]> polyphones() throws IOException {
        try (InputStream in = PinyinTest.class.getResourceAsStream("polyphones.tsv")) {
            List<String[]> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        }
    }

    @Test
    void everyPolyphoneOfTheListReadsAsTheDictionarySays() throws IOException {
        List<String[]> rows = polyphones();
        assertTrue(rows.size() >= 40, "the list has " + rows.size() + " phrases");
        List<String> wrong = new ArrayList<>();
        for (String[] row : rows) {
            String got = Pinyin.toneNumbered(row[0]);
            if (!got.equals(row[1])) {
                wrong.add(row[0] + " " + got + " (want " + row[1] + ")");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void polyphonesReadByTheirNeighbours() {
        assertEquals("chong2 qing4", Pinyin.toneNumbered("重庆"));
        assertEquals("yin2 hang2", Pinyin.toneNumbered("银行"));
        assertEquals("hang2 zhang3", Pinyin.toneNumbered("行长"));
        assertEquals("ta1 shi4 yin2 hang2 hang2 zhang3", Pinyin.toneNumbered("他是银行行长"));
    }

    @Test
    void theNeutralToneIsFive() {
        assertEquals("wo3 men5 de5", Pinyin.toneNumbered("我们的"));
    }

    @Test
    void punctuationAndLatinPassThrough() {
        assertEquals("ni3 hao3 ， Java 。", Pinyin.toneNumbered("你好，Java。"));
    }
}
