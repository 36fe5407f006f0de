package dev.videochat.tts.mandarin;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the numbers of a Chinese text as Chinese words, the way they are read aloud, so a voice that speaks
 * characters (through pinyin) says them: dates ({@code 2026年12月4日} 二零二六年十二月四日, {@code 2026-12-04}),
 * times ({@code 14:30} 十四点三十分), percentages ({@code 3.5%} 百分之三点五), money ({@code ¥1,280}
 * 一千二百八十元, {@code $5} 五美元), temperatures, fractions, ranges, decimals, negative numbers, thousands
 * separators, and long digit strings (phone numbers) read digit by digit. {@code 2} before a measure word is
 * {@code 两} ({@code 2个} 两个), as before {@code 千}, {@code 万} and {@code 亿} at the start of a number. Everything
 * else is left as it is. Stateless and thread-safe.
 */
public final class ChineseNumbers {

    private static final String[] DIGITS = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    private static final String[] GROUP_UNITS = {"", "万", "亿", "万亿"};
    private static final String[] PLACE_UNITS = {"", "十", "百", "千"};
    /** Measure words after which 2 is read 两. */
    private static final Set<Character> MEASURE_WORDS = Set.of('个', '只', '本', '位', '件', '条', '张', '次', '种', '天',
            '周', '岁', '块', '台', '部', '辆', '名', '头', '双', '把', '首', '座', '家', '点', '斤', '门', '项', '份',
            '层', '间', '杯', '碗', '瓶', '节', '页', '句', '遍', '趟', '样', '组', '批', '倍', '万', '千', '亿', '百');
    /** Longer runs of digits without separators are identifiers (phone numbers, codes), read digit by digit. */
    private static final int LONGEST_READ_AS_NUMBER = 10;

    private static final String NUMBER = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
    private static final Pattern ISO_DATE = Pattern.compile("(?<!\\d)(\\d{4})[-/.](\\d{1,2})[-/.](\\d{1,2})(?!\\d)");
    private static final Pattern YEAR = Pattern.compile("(?<!\\d)(\\d{2,4})(?=年)");
    private static final Pattern TIME = Pattern.compile("(?<![\\d:])(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?![\\d:])");
    private static final Pattern MONEY = Pattern.compile("([¥￥$€£])\\s?(-)?(" + NUMBER + ")\\s?([万亿])?(元)?");
    private static final Pattern PERCENT = Pattern.compile("(?<![\\d.])(-)?(" + NUMBER + ")\\s?([%‰])");
    private static final Pattern TEMPERATURE = Pattern.compile("(?<![\\d.])(-)?(" + NUMBER + ")\\s?(?:°C|℃)");
    private static final Pattern FRACTION = Pattern.compile("(?<![\\d/])(\\d+)/(\\d+)(?![\\d/])");
    private static final Pattern RANGE = Pattern.compile("(?<![\\d.])(" + NUMBER + ")\\s?[-~～–]\\s?(?=\\d)");
    private static final Pattern PLAIN = Pattern.compile("(?<![\\d.,])(-)?(" + NUMBER + ")");

    private ChineseNumbers() {
    }

    /** {@code text} with its numbers written out in Chinese words. */
    public static String normalise(String text) {
        Objects.requireNonNull(text, "text");
        String t = halfWidthDigits(text);
        t = replace(ISO_DATE, t, (m, source) -> validDate(m) ? digits(m.group(1)) + "年" + integer(m.group(2)) + "月"
                + integer(m.group(3)) + "日" : m.group());
        t = replace(YEAR, t, (m, source) -> digits(m.group(1)));
        t = replace(TIME, t, (m, source) -> time(m));
        t = replace(MONEY, t, (m, source) -> sign(m.group(2))
                + ("2".equals(m.group(3)) && m.group(4) != null ? "两" : number(m.group(3), true))
                + (m.group(4) == null ? "" : m.group(4)) + currency(m.group(1)));
        t = replace(PERCENT, t, (m, source) -> sign(m.group(1)) + ("%".equals(m.group(3)) ? "百分之" : "千分之")
                + number(m.group(2), false));
        t = replace(TEMPERATURE, t, (m, source) -> (m.group(1) == null ? "" : "零下") + number(m.group(2), false) + "摄氏度");
        t = replace(FRACTION, t, (m, source) -> integer(m.group(2)) + "分之" + integer(m.group(1)));
        t = replace(RANGE, t, (m, source) -> number(m.group(1), false) + "到");
        t = replace(PLAIN, t, (m, source) -> {
            String sign = m.group(1) == null ? "" : afterWordChar(m, source) ? "-" : "负";
            String n = m.group(2);
            if (isTwoBeforeMeasureWord(m, n, source)) {
                return sign + "两";
            }
            return sign + number(n, true);
        });
        return t;
    }

    /** A whole number in words: {@code 10086} 一万零八十六, {@code 12} 十二. */
    public static String integer(String digits) {
        BigInteger n = new BigInteger(digits);
        if (n.signum() == 0) {
            return DIGITS[0];
        }
        String plain = n.toString();
        if (plain.length() > 16) {
            return digits(plain);
        }
        StringBuilder out = new StringBuilder();
        int groups = (plain.length() + 3) / 4;
        boolean zeroPending = false;
        for (int g = groups - 1; g >= 0; g--) {
            int end = plain.length() - g * 4;
            int value = Integer.parseInt(plain.substring(Math.max(0, end - 4), end));
            if (value == 0) {
                zeroPending = out.length() > 0;
                continue;
            }
            if (out.length() > 0 && (zeroPending || value < 1000)) {
                out.append(DIGITS[0]);
            }
            out.append(group(value)).append(GROUP_UNITS[g]);
            zeroPending = false;
        }
        String words = out.toString();
        return words.startsWith("一十") ? words.substring(1) : words;
    }

    /** Each digit as a word: {@code 2026} 二零二六. */
    public static String digits(String digits) {
        StringBuilder out = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            out.append(c >= '0' && c <= '9' ? DIGITS[c - '0'] : String.valueOf(c));
        }
        return out.toString();
    }

    private static String group(int value) {
        StringBuilder out = new StringBuilder();
        boolean started = false;
        boolean zero = false;
        for (int place = 3; place >= 0; place--) {
            int d = value / (int) Math.pow(10, place) % 10;
            if (d == 0) {
                zero = started;
                continue;
            }
            if (zero) {
                out.append(DIGITS[0]);
                zero = false;
            }
            out.append(DIGITS[d]).append(PLACE_UNITS[place]);
            started = true;
        }
        return out.toString();
    }

    /**
     * A number with optional thousands separators and decimals. With {@code twoAsLiang}, a leading 2 before 千, 万
     * or 亿 is 两 (两千, 两万).
     */
    private static String number(String raw, boolean twoAsLiang) {
        String n = raw.replace(",", "");
        int dot = n.indexOf('.');
        String whole = dot < 0 ? n : n.substring(0, dot);
        String words;
        if (whole.length() > LONGEST_READ_AS_NUMBER || (whole.length() > 1 && whole.startsWith("0") && dot < 0)) {
            words = digits(whole);
        } else {
            words = integer(whole);
            if (twoAsLiang && words.startsWith("二") && words.length() > 1
                    && "千万亿".indexOf(words.charAt(1)) >= 0) {
                words = "两" + words.substring(1);
            }
        }
        return dot < 0 ? words : words + "点" + digits(n.substring(dot + 1));
    }

    private static String time(Matcher m) {
        int hour = Integer.parseInt(m.group(1));
        int minute = Integer.parseInt(m.group(2));
        int second = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        if (hour > 24 || minute > 59 || second > 59) {
            return m.group();
        }
        StringBuilder out = new StringBuilder(hour == 2 ? "两" : integer(String.valueOf(hour))).append("点");
        if (minute > 0 || second > 0) {
            out.append(minute < 10 ? "零" : "").append(integer(String.valueOf(minute))).append("分");
        }
        if (second > 0) {
            out.append(second < 10 ? "零" : "").append(integer(String.valueOf(second))).append("秒");
        }
        return out.toString();
    }

    private static String currency(String symbol) {
        return switch (symbol) {
            case "$" -> "美元";
            case "€" -> "欧元";
            case "£" -> "英镑";
            default -> "元";
        };
    }

    private static String sign(String minus) {
        return minus == null ? "" : "负";
    }

    private static boolean validDate(Matcher m) {
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        return month >= 1 && month <= 12 && day >= 1 && day <= 31;
    }

    /** A minus sign right after a letter or digit is a hyphen ({@code COVID-19}), not a sign. */
    private static boolean afterWordChar(Matcher m, String source) {
        return m.start() > 0 && Character.isLetterOrDigit(source.charAt(m.start() - 1));
    }

    /** A bare 2 before a measure word, not an ordinal ({@code 第2个} stays 第二个). */
    private static boolean isTwoBeforeMeasureWord(Matcher m, String n, String source) {
        return "2".equals(n) && m.end() < source.length() && MEASURE_WORDS.contains(source.charAt(m.end()))
                && (m.start() == 0 || source.charAt(m.start() - 1) != '第');
    }

    /** The words for one match; {@code source} is the whole text being rewritten. */
    @FunctionalInterface
    private interface Words {
        String of(Matcher m, String source);
    }

    private static String replace(Pattern pattern, String text, Words words) {
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 16);
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(words.of(m, text)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String halfWidthDigits(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '０' && c <= '９') {
                out.append((char) (c - '０' + '0'));
            } else if (c == '％') {
                out.append('%');
            } else if (c == '：' && i > 0 && i + 1 < text.length() && Character.isDigit(text.charAt(i - 1))
                    && Character.isDigit(text.charAt(i + 1))) {
                out.append(':');
            } else if (c == '．') {
                out.append('.');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
