package dev.videochat.core.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a streamed answer into packets that can be voiced one after another while the rest is still generated.
 *
 * <p>Rules:
 * <ul>
 *   <li>A sentence ends <em>after</em> a run of split characters ({@link #DEFAULT_SPLIT_CHARACTERS} unless
 *       configured), together with the whitespace that follows the run. A run is only complete when the next
 *       character arrives, so {@code 。”} or {@code ?!} stay with their sentence.</li>
 *   <li>ASCII split characters between a letter or digit and a following ASCII letter or digit do not end a
 *       sentence, so {@code 3.14}, {@code 1,000}, {@code 10:30} and {@code example.com} stay whole.</li>
 *   <li>The first sentence of a turn is a packet at once. Later sentences are gathered until the packet holds
 *       at least {@code minChars} characters (code points, surrounding whitespace not counted).</li>
 *   <li>A sentence without any letter or digit (a lone {@code ...}) is never a packet by itself; it joins the
 *       next one.</li>
 *   <li>Nothing is lost or changed: the packets, joined, are exactly the text that was fed, spaces included.</li>
 * </ul>
 *
 * <p>Deltas may split a sentence, a punctuation run or a surrogate pair anywhere. Not thread-safe: one chunker per
 * turn.
 */
public final class SentenceChunker {

    /** The characters after which a sentence may end, Latin and CJK. */
    public static final String DEFAULT_SPLIT_CHARACTERS = ",;.!?，；：。:！？》、”";
    /** The default minimum packet length after the first one, in characters. */
    public static final int DEFAULT_MIN_CHARS = 10;

    private enum State { TEXT, PUNCTUATION, TRAILING_SPACE }

    private final int minChars;
    private final String splitCharacters;
    private final StringBuilder packet = new StringBuilder();
    private State state = State.TEXT;
    private int lastSplitCodePoint;
    private int beforeRunCodePoint;
    private int previousCodePoint;
    private char pendingHighSurrogate;
    private boolean firstEmitted;
    private boolean packetHasWords;
    private boolean sentenceHasWords;
    // The packet's length in code points, and the whitespace at its two ends, kept as it grows so that checking
    // the minimum costs nothing however long the packet gets.
    private int packetCodePoints;
    private int packetLeadingSpaces;
    private int packetTrailingSpaces;

    /** A chunker with {@link #DEFAULT_MIN_CHARS} and the default split characters. */
    public SentenceChunker() {
        this(DEFAULT_MIN_CHARS);
    }

    /**
     * @param minChars the least characters a packet after the first must hold; 0 makes every sentence a packet
     */
    public SentenceChunker(int minChars) {
        this(minChars, DEFAULT_SPLIT_CHARACTERS);
    }

    /**
     * @param minChars        the least characters a packet after the first must hold
     * @param splitCharacters the characters after which a sentence may end (not empty, no whitespace)
     */
    public SentenceChunker(int minChars, String splitCharacters) {
        if (minChars < 0) {
            throw new IllegalArgumentException("minChars must be >= 0, got " + minChars);
        }
        if (splitCharacters == null || splitCharacters.isEmpty()) {
            throw new IllegalArgumentException("splitCharacters must not be empty");
        }
        if (splitCharacters.codePoints().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("splitCharacters must not contain whitespace: '" + splitCharacters + "'");
        }
        this.minChars = minChars;
        this.splitCharacters = splitCharacters;
    }

    /** The minimum packet length after the first packet, in characters. */
    public int minChars() {
        return minChars;
    }

    /**
     * Feeds the next piece of the stream.
     *
     * @return the packets this delta completes, in order (usually none or one)
     */
    public List<String> accept(String delta) {
        if (delta == null) {
            throw new IllegalArgumentException("delta must not be null");
        }
        List<String> out = new ArrayList<>(1);
        for (int i = 0; i < delta.length(); i++) {
            char c = delta.charAt(i);
            if (pendingHighSurrogate != 0) {
                char high = pendingHighSurrogate;
                pendingHighSurrogate = 0;
                if (Character.isLowSurrogate(c)) {
                    feed(Character.toCodePoint(high, c), out);
                    continue;
                }
                feed(high, out);
            }
            if (Character.isHighSurrogate(c)) {
                pendingHighSurrogate = c;
            } else {
                feed(c, out);
            }
        }
        return out;
    }

    /** Ends the stream: returns what is left (at most one packet) and resets for the next turn. */
    public List<String> flush() {
        if (pendingHighSurrogate != 0) {
            packet.append(pendingHighSurrogate);
            pendingHighSurrogate = 0;
        }
        List<String> out = packet.length() == 0 ? List.of() : List.of(packet.toString());
        clearPacket();
        state = State.TEXT;
        firstEmitted = false;
        packetHasWords = false;
        sentenceHasWords = false;
        previousCodePoint = 0;
        return out;
    }

    private void feed(int cp, List<String> out) {
        boolean split = splitCharacters.indexOf(cp) >= 0;
        switch (state) {
            case TEXT:
                if (split) {
                    beforeRunCodePoint = previousCodePoint;
                    state = State.PUNCTUATION;
                    lastSplitCodePoint = cp;
                }
                break;
            case PUNCTUATION:
                if (split) {
                    lastSplitCodePoint = cp;
                } else if (Character.isWhitespace(cp)) {
                    state = State.TRAILING_SPACE;
                } else if (isInsideToken(cp)) {
                    state = State.TEXT;
                } else {
                    endSentence(out);
                    state = State.TEXT;
                }
                break;
            case TRAILING_SPACE:
                if (!Character.isWhitespace(cp)) {
                    endSentence(out);
                    state = split ? State.PUNCTUATION : State.TEXT;
                    if (split) {
                        beforeRunCodePoint = previousCodePoint;
                        lastSplitCodePoint = cp;
                    }
                }
                break;
            default:
                throw new AssertionError(state);
        }
        packet.appendCodePoint(cp);
        countCodePoint(cp);
        if (Character.isLetterOrDigit(cp)) {
            sentenceHasWords = true;
        }
        previousCodePoint = cp;
    }

    /** An ASCII split character between two ASCII letters or digits ({@code 3.14}, {@code e.g}) is not an end. */
    private boolean isInsideToken(int next) {
        return lastSplitCodePoint < 128 && isAsciiAlphanumeric(next) && isAsciiAlphanumeric(beforeRunCodePoint)
                && packet.length() > 0 && packet.charAt(packet.length() - 1) == lastSplitCodePoint
                && isSingleSplitRun();
    }

    private boolean isSingleSplitRun() {
        int len = packet.length();
        return len >= 2 && splitCharacters.indexOf(packet.charAt(len - 2)) < 0;
    }

    private static boolean isAsciiAlphanumeric(int cp) {
        return cp < 128 && Character.isLetterOrDigit(cp);
    }

    /** The sentence in progress is complete: emit the packet or keep gathering. */
    private void endSentence(List<String> out) {
        if (sentenceHasWords) {
            packetHasWords = true;
        }
        sentenceHasWords = false;
        if (!packetHasWords) {
            return;
        }
        if (!firstEmitted || lengthWithoutOuterSpace() >= minChars) {
            out.add(packet.toString());
            clearPacket();
            packetHasWords = false;
            firstEmitted = true;
        }
    }

    private void countCodePoint(int cp) {
        packetCodePoints++;
        if (!Character.isWhitespace(cp)) {
            packetTrailingSpaces = 0;
        } else if (packetLeadingSpaces == packetCodePoints - 1) {
            packetLeadingSpaces++;
        } else {
            packetTrailingSpaces++;
        }
    }

    private void clearPacket() {
        packet.setLength(0);
        packetCodePoints = 0;
        packetLeadingSpaces = 0;
        packetTrailingSpaces = 0;
    }

    /** The packet's length in code points without the whitespace around it, as {@link String#strip()} counts. */
    private int lengthWithoutOuterSpace() {
        return packetCodePoints - packetLeadingSpaces - packetTrailingSpaces;
    }
}
