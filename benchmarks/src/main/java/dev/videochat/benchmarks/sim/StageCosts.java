package dev.videochat.benchmarks.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * The simulated work of each stage, as wall time. Two named profiles ({@link #profile}) and any single cost
 * overridden by a system property in milliseconds ({@link #withOverrides}).
 *
 * <p>For the packet-at-a-time schedule (each stage finishes a packet before the next starts it, stages on their own
 * threads), the first packet costs the sum of one packet's stage times and later packets come one bottleneck-stage
 * time apart. So {@link #issueExample} gives about 0.4 + 0.5 + 1.0 + 0.2 = 2.1 s to the first packet and 1.0 s
 * gaps (THG, 0.5 s per second of 2 s packets) — not the reference system's published 3 s and under 0.5 s; and
 * {@link #referencePublished} is chosen to give those: 1.8 + 0.45 + 0.4 + 0.35 = 3.0 s, then 0.45 s gaps (TTS).
 *
 * @param llmFirstSentence  time from the request to the end of the first sentence
 * @param llmPerSentence    time for each later sentence
 * @param ttsPerPacket      time to synthesize one packet (streamed in 100 ms chunks over that time)
 * @param thgPerAudioSecond time to render one second of audio as frames
 * @param muxPerPacket      time to encode one packet's media
 * @param speechPerPacket   how long each packet's speech lasts
 * @param packets           packets per answer
 */
public record StageCosts(Duration llmFirstSentence, Duration llmPerSentence, Duration ttsPerPacket,
                         Duration thgPerAudioSecond, Duration muxPerPacket, Duration speechPerPacket, int packets) {

    /** The profile name of {@link #issueExample}. */
    public static final String ISSUE_EXAMPLE = "issue-example";
    /** The profile name of {@link #referencePublished}. */
    public static final String REFERENCE_PUBLISHED = "reference-published";
    /** Prefix of the system properties that override one cost, in ms: {@code videochat.bench.ttsPerPacketMs=300}. */
    public static final String PROPERTY_PREFIX = "videochat.bench.";

    public StageCosts {
        for (Duration d : new Duration[] {llmFirstSentence, llmPerSentence, ttsPerPacket, thgPerAudioSecond,
                muxPerPacket, speechPerPacket}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("stage costs must not be negative: " + d);
            }
        }
        if (packets < 1) {
            throw new IllegalArgumentException("packets must be at least 1, got " + packets);
        }
    }

    /**
     * The costs the benchmark issue gives as an example: LLM 0.4 s to the first sentence then 0.1 s per sentence,
     * TTS 0.5 s per packet, THG 0.5 s per second of audio, mux 0.2 s per packet, 2 s of speech per packet.
     */
    public static StageCosts issueExample(int packets) {
        return new StageCosts(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(2), packets);
    }

    /**
     * Costs that reproduce the reference system's published behaviour under the packet-at-a-time schedule (first
     * packet about 3 s, later packets under 0.5 s apart): LLM 1.8 s to the first sentence (time to first token
     * included) then 0.1 s per sentence, TTS 0.45 s per packet, THG 0.2 s per second of audio, mux 0.35 s per
     * packet, 2 s of speech per packet.
     */
    public static StageCosts referencePublished(int packets) {
        return new StageCosts(Duration.ofMillis(1800), Duration.ofMillis(100), Duration.ofMillis(450),
                Duration.ofMillis(200), Duration.ofMillis(350), Duration.ofSeconds(2), packets);
    }

    /** Every stage free: what is left is the pipeline's own overhead. */
    public static StageCosts free(int packets) {
        return new StageCosts(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(400), packets);
    }

    /**
     * The named profile ({@value #ISSUE_EXAMPLE} or {@value #REFERENCE_PUBLISHED}) with the system-property
     * overrides applied.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static StageCosts profile(String name, int packets) {
        StageCosts base = switch (name) {
            case ISSUE_EXAMPLE -> issueExample(packets);
            case REFERENCE_PUBLISHED -> referencePublished(packets);
            default -> throw new IllegalArgumentException("unknown stage-cost profile '" + name + "'; known: "
                    + ISSUE_EXAMPLE + ", " + REFERENCE_PUBLISHED);
        };
        return base.withOverrides();
    }

    /**
     * These costs with any of the system properties {@code videochat.bench.llmFirstSentenceMs},
     * {@code llmPerSentenceMs}, {@code ttsPerPacketMs}, {@code thgPerAudioSecondMs}, {@code muxPerPacketMs},
     * {@code speechPerPacketMs} (milliseconds) and {@code packets} applied.
     *
     * @throws IllegalArgumentException when a property is not a whole number
     */
    public StageCosts withOverrides() {
        return new StageCosts(ms("llmFirstSentenceMs", llmFirstSentence), ms("llmPerSentenceMs", llmPerSentence),
                ms("ttsPerPacketMs", ttsPerPacket), ms("thgPerAudioSecondMs", thgPerAudioSecond),
                ms("muxPerPacketMs", muxPerPacket), ms("speechPerPacketMs", speechPerPacket),
                (int) number("packets", packets));
    }

    /** Where the packet-at-a-time schedule puts its first packet: one packet through every stage. */
    public Duration packetAtATimeFirstPacket() {
        return llmFirstSentence.plus(ttsPerPacket).plus(thgPerPacket()).plus(muxPerPacket);
    }

    /** The packet-at-a-time schedule's gap between packets: its slowest stage per packet. */
    public Duration packetAtATimeGap() {
        Duration max = llmPerSentence;
        for (Duration d : new Duration[] {ttsPerPacket, thgPerPacket(), muxPerPacket}) {
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }

    private Duration thgPerPacket() {
        return Duration.ofNanos(thgPerAudioSecond.toNanos() * speechPerPacket.toMillis() / 1000);
    }

    /** One line for reports, in seconds. */
    public String describe() {
        return String.format(Locale.ROOT, "LLM %.2f s to the first sentence then %.2f s per sentence; TTS %.2f s "
                        + "per packet; THG %.2f s per second of audio; mux %.2f s per packet; %.1f s of speech per "
                        + "packet; %d packets", s(llmFirstSentence), s(llmPerSentence), s(ttsPerPacket),
                s(thgPerAudioSecond), s(muxPerPacket), s(speechPerPacket), packets);
    }

    private static double s(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static Duration ms(String property, Duration fallback) {
        return Duration.ofMillis(number(property, fallback.toMillis()));
    }

    private static long number(String property, long fallback) {
        String value = System.getProperty(PROPERTY_PREFIX + property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("system property " + PROPERTY_PREFIX + property
                    + " must be a whole number of milliseconds (or packets), got '" + value + "'", e);
        }
    }
}
