package dev.videochat.tts.text;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each scan of {@link MarkdownInline} and {@link MarkdownLines} gives what the regular expression it replaces
 * gives, on random short text built from markdown's pieces.
 */
class MarkdownScansTest {

    private static final int CASES = 20_000;

    private static void sameAs(String regex, String replacement, UnaryOperator<String> scan) {
        Pattern p = Pattern.compile(regex);
        sameAs(regex, text -> p.matcher(text).replaceAll(replacement), scan);
    }

    private static void sameAs(String seed, UnaryOperator<String> expected, UnaryOperator<String> scan) {
        Random random = new Random(seed.hashCode());
        for (int i = 0; i < CASES; i++) {
            String text = MarkdownText.random(random, 24);
            assertEquals(expected.apply(text), scan.apply(text), () -> "input: " + escape(text));
        }
    }

    /** The expression applied until it changes nothing, at most as many times as the scans repeat. */
    private static UnaryOperator<String> repeatedly(String regex, String replacement) {
        Pattern p = Pattern.compile(regex);
        return text -> {
            String s = text;
            for (int pass = 0; pass < MarkdownInline.MAX_NESTING_PASSES; pass++) {
                String next = p.matcher(s).replaceAll(replacement);
                if (next.equals(s)) {
                    break;
                }
                s = next;
            }
            return s;
        };
    }

    private static void sameLinesAs(String regex, Predicate<String> scan) {
        Pattern p = Pattern.compile(regex);
        Random random = new Random(regex.hashCode());
        for (int i = 0; i < CASES; i++) {
            // Lines as the cleaner sees them: split at line ends; often made of the marks that matter alone.
            String text = i % 2 == 0 ? MarkdownText.random(random, 12)
                    : randomOf(random, " \t-*_=|:>x", 1 + random.nextInt(12));
            for (String line : text.split("\\R")) {
                assertEquals(p.matcher(line).matches(), scan.test(line), () -> "line: " + escape(line));
            }
        }
    }

    private static String randomOf(Random random, String chars, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(chars.charAt(random.nextInt(chars.length())));
        }
        return s.toString();
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\u%04X", (int) c));
        }
        return out.toString();
    }

    @Test
    void fencesAreRemovedAsTheFenceExpressionRemovesThem() {
        sameAs("(?m)^\\s*(```|~~~).*$", "", MarkdownInline::removeFences);
    }

    @Test
    void imagesBecomeTheirTextAsTheImageExpressionMakesThem() {
        sameAs("!\\[([^\\]]*)]\\([^)]*\\)", "$1", MarkdownInline::replaceImages);
    }

    @Test
    void linksBecomeTheirTextAsTheLinkExpressionMakesThem() {
        sameAs("\\[([^\\]]+)]\\([^)]*\\)", "$1", MarkdownInline::replaceLinks);
    }

    @Test
    void inlineCodeLosesItsBackticksAsTheCodeExpressionDoes() {
        sameAs("`+([^`]*)`+", "$1", MarkdownInline::replaceInlineCode);
    }

    @Test
    void strongMarkupIsRemovedAsTheStrongExpressionRepeatedRemovesIt() {
        String regex = "(\\*\\*|__|~~)(.+?)\\1";
        sameAs(regex, repeatedly(regex, "$2"), MarkdownInline::removeStrong);
    }

    @Test
    void emphasisIsRemovedAsTheEmphasisExpressionRepeatedRemovesIt() {
        String regex = "(?<![\\w*])[*_](?=\\S)(.+?)(?<=\\S)[*_](?![\\w*])";
        sameAs(regex, repeatedly(regex, "$1"), MarkdownInline::removeEmphasis);
    }

    @Test
    void rulesAreTheLinesTheRuleExpressionMatches() {
        sameLinesAs("^\\s*(?:[-*_=]\\s*){3,}$", MarkdownLines::isRule);
    }

    @Test
    void tableSeparatorsAreTheLinesTheTableExpressionMatches() {
        sameLinesAs("^\\s*\\|?(?:\\s*:?-{2,}:?\\s*\\|)+\\s*:?-*:?\\s*\\|?\\s*$", MarkdownLines::isTableSeparator);
    }

    @Test
    void quoteMarksAreStrippedAsTheQuoteExpressionStripsThem() {
        Pattern quote = Pattern.compile("^\\s*(?:>\\s?)+");
        Random random = new Random(7);
        for (int i = 0; i < CASES; i++) {
            String text = random.nextBoolean() ? MarkdownText.random(random, 12) : randomOf(random, " \t>x", 8);
            for (String line : text.split("\\R")) {
                assertEquals(quote.matcher(line).replaceFirst(""), MarkdownLines.stripQuote(line),
                        () -> "line: " + escape(line));
            }
        }
    }

    @Test
    void theWholeCleanerGivesWhatTheRegularExpressionsGave() {
        // Unpaired surrogates aside: the cleaner now drops them, where the expressions left them.
        Random random = new Random(13);
        for (int i = 0; i < CASES; i++) {
            String text = MarkdownText.wellFormed(random, 40);
            assertEquals(RegexSpeechTextCleaner.clean(text), SpeechTextCleaner.clean(text), () -> "input: " + escape(text));
        }
    }
}
