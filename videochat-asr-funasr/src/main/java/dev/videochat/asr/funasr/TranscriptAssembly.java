package dev.videochat.asr.funasr;

import java.util.Optional;

/**
 * Turns the server's results into the running hypothesis, the finished sentences and the whole transcript.
 * Online results carry only the increment since the last one ({@code funasr_wss_client.py} appends them); an
 * offline result is the re-decoded, punctuated sentence and replaces what the online ones said of it. Not
 * thread-safe: one per connection, fed in the order the messages arrive.
 */
final class TranscriptAssembly {

    private final FunAsrMode mode;
    private final StringBuilder sentences = new StringBuilder();
    private final StringBuilder hypothesis = new StringBuilder();
    private String language = "";

    TranscriptAssembly(FunAsrMode mode) {
        this.mode = mode;
    }

    /** Appends an online delta; the running hypothesis of the current sentence, when the delta added anything. */
    Optional<String> online(String delta) {
        if (delta.isEmpty()) {
            return Optional.empty();
        }
        hypothesis.append(delta);
        return Optional.of(hypothesis.toString());
    }

    /** Takes an offline sentence in place of the hypothesis; the sentence, when it holds any words. */
    Optional<String> sentence(String raw) {
        SenseVoiceText cleaned = SenseVoiceText.of(raw);
        if (!cleaned.language().isEmpty()) {
            language = cleaned.language();
        }
        if (cleaned.text().isBlank()) {
            return Optional.empty();
        }
        hypothesis.setLength(0);
        append(cleaned.text());
        return Optional.of(cleaned.text());
    }

    /**
     * Ends the transcript: online words no offline result replaced (all of them in {@code online} mode) become the
     * last sentence.
     */
    Optional<String> flush() {
        String rest = hypothesis.toString().strip();
        hypothesis.setLength(0);
        if (rest.isEmpty()) {
            return Optional.empty();
        }
        append(rest);
        return Optional.of(rest);
    }

    /**
     * Whether {@code r}, arriving after the end of speech was sent, is the last result: {@code is_final}, the
     * Python server's {@code is_end}, or an offline result when only one can come. The C++ offline server sends its
     * one result with {@code is_final: false}, so a plain {@code offline} result always ends; in offline mode the
     * 2pass server's {@code 2pass-offline} result does too. In 2pass mode the 2pass server goes on sending
     * {@code 2pass-offline} sentences for audio it has not decoded yet, so only {@code is_final} ends it.
     */
    boolean isLast(FunAsrProtocol.Result r) {
        return r.isFinal() || r.isEnd() || r.mode().equals("offline") || (mode == FunAsrMode.OFFLINE && r.isOffline());
    }

    /** The detected language (SenseVoice's tag), or {@code ""}. */
    String language() {
        return language;
    }

    /** All sentences so far, joined. */
    String text() {
        return sentences.toString();
    }

    /** Joins sentences directly, except with a space after a word or stop of a spaced script (English, ...). */
    private void append(String sentence) {
        if (sentences.length() > 0) {
            int last = sentences.codePointBefore(sentences.length());
            if ((spacedLetter(last) || ".,!?;:".indexOf(last) >= 0) && spacedLetter(sentence.codePointAt(0))) {
                sentences.append(' ');
            }
        }
        sentences.append(sentence);
    }

    private static boolean spacedLetter(int codePoint) {
        if (!Character.isLetterOrDigit(codePoint)) {
            return false;
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script != Character.UnicodeScript.HAN && script != Character.UnicodeScript.HIRAGANA
                && script != Character.UnicodeScript.KATAKANA && script != Character.UnicodeScript.HANGUL;
    }
}
