package dev.videochat.tts.mandarin;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChineseNumbersTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0|零
            7|七
            10|十
            12|十二
            20|二十
            105|一百零五
            110|一百一十
            1001|一千零一
            1280|一千二百八十
            10086|一万零八十六
            100000|十万
            100200|十万零二百
            1000010|一百万零一十
            123456789|一亿二千三百四十五万六千七百八十九
            今年2026年|今年二零二六年
            2026年12月4日|二零二六年十二月四日
            会议在2026-12-04举行|会议在二零二六年十二月四日举行
            2026/1/15|二零二六年一月十五日
            12月25日是圣诞节|十二月二十五日是圣诞节
            14:30|十四点三十分
            9:05出发|九点零五分出发
            2:00|两点
            23:59:30|二十三点五十九分三十秒
            增长了3.5%|增长了百分之三点五
            100%|百分之一百
            下降-2%|下降负百分之二
            ５０％的人|百分之五十的人
            5‰|千分之五
            ¥1,280|一千二百八十元
            ￥99.9|九十九点九元
            $5|五美元
            €20|二十欧元
            ¥2万|两万元
            3.14|三点一四
            0.5|零点五
            -5|负五
            1,000,000|一百万
            2个人|两个人
            第2个|第二个
            2本书|两本书
            2000人|两千人
            22|二十二
            3/4|四分之三
            25℃|二十五摄氏度
            -5°C|零下五摄氏度
            3-5天|三到五天
            10~20人|十到二十人
            电话13800138000|电话一三八零零一三八零零零
            编号007|编号零零七
            COVID-19|COVID-十九
            没有数字的句子。|没有数字的句子。
            """)
    void numbersAreWrittenAsTheyAreReadAloud(String text, String words) {
        assertEquals(words, ChineseNumbers.normalise(text));
    }
}
