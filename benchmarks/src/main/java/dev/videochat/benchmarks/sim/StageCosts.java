package dev.videochat.benchmarks.sim;

import java.time.Duration;

/**
 * The simulated work of each stage. Defaults resemble the reference system's published behaviour (a first packet
 * after a few seconds on one A100, later packets well under a second apart):
 *
 * @param llmFirstSentence time from the request to the end of the first sentence
 * @param llmPerSentence   time for each later sentence
 * @param ttsPerPacket     time to synthesize one packet (streamed in 100 ms chunks over that time)
 * @param thgPerAudioSecond time to render one second of audio as frames
 * @param muxPerPacket     time to encode one packet's media
 * @param speechPerPacket  how long each packet's speech lasts
 * @param packets          packets per answer
 */
public record StageCosts(Duration llmFirstSentence, Duration llmPerSentence, Duration ttsPerPacket,
                         Duration thgPerAudioSecond, Duration muxPerPacket, Duration speechPerPacket, int packets) {

    /** LLM 0.4 s then 0.1 s per sentence, TTS 0.5 s per packet, THG 0.5 s per audio second, mux 0.2 s, 2 s packets. */
    public static StageCosts referenceLike(int packets) {
        return new StageCosts(Duration.ofMillis(400), Duration.ofMillis(100), Duration.ofMillis(500),
                Duration.ofMillis(500), Duration.ofMillis(200), Duration.ofSeconds(2), packets);
    }

    /** Every stage free: what is left is the pipeline's own overhead. */
    public static StageCosts free(int packets) {
        return new StageCosts(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(400), packets);
    }
}
