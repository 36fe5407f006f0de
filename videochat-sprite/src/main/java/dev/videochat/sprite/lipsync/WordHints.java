package dev.videochat.sprite.lipsync;

import dev.videochat.api.tts.WordTiming;

import java.util.ArrayList;
import java.util.List;

/**
 * The word (or phoneme) timings of one utterance, read as a rough guide to which mouth shape is due when. A word's
 * letters are spread evenly over its duration and the letter under a frame's time names the shape: vowels pick
 * open, wide or round; f, v, s, z show teeth; m, b, p close the lips. Other letters, and scripts without Latin
 * letters, give no hint and leave the choice to the audio. ARPAbet phonemes ({@code AA}, {@code IY}, {@code UW})
 * map sensibly by the same rule.
 */
final class WordHints {

    private final List<WordTiming> words = new ArrayList<>();
    private int cursor;

    void add(WordTiming word) {
        words.add(word);
    }

    void clear() {
        words.clear();
        cursor = 0;
    }

    /** The hinted shape at {@code nanos} from the utterance's first sample, or {@code null} for none. */
    Viseme at(long nanos) {
        if (words.isEmpty()) {
            return null;
        }
        // Frames ask in increasing time; scanning on from the last hit keeps this linear overall.
        if (cursor >= words.size() || words.get(cursor).offset().toNanos() > nanos) {
            cursor = 0;
        }
        for (int i = cursor; i < words.size(); i++) {
            WordTiming w = words.get(i);
            long start = w.offset().toNanos();
            long length = w.duration().toNanos();
            if (nanos >= start && nanos < start + length) {
                cursor = i;
                return letterAt(w.text(), (double) (nanos - start) / length);
            }
        }
        return null;
    }

    private static Viseme letterAt(String text, double position) {
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isLetter(text.charAt(i))) {
                letters++;
            }
        }
        if (letters == 0) {
            return null;
        }
        int wanted = Math.min(letters - 1, (int) (position * letters));
        for (int i = 0, seen = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c) && seen++ == wanted) {
                return forLetter(Character.toLowerCase(c));
            }
        }
        return null;
    }

    private static Viseme forLetter(char c) {
        return switch (c) {
            case 'a' -> Viseme.OPEN;
            case 'e', 'i', 'y' -> Viseme.WIDE;
            case 'o', 'u', 'w' -> Viseme.ROUND;
            case 'f', 'v', 's', 'z' -> Viseme.TEETH;
            case 'm', 'b', 'p' -> Viseme.CLOSED;
            default -> null;
        };
    }
}
