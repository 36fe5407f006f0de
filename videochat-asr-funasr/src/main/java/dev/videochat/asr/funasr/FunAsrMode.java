package dev.videochat.asr.funasr;

import java.util.Locale;
import java.util.Optional;

/**
 * What the FunASR runtime server decodes with, as sent in the {@code mode} field of the first message.
 * The servers label their results {@code 2pass-online} / {@code 2pass-offline} (C++) or {@code online} /
 * {@code offline} (Python), whatever mode was asked for, so results are matched on these suffixes.
 */
public enum FunAsrMode {
    /** The streaming model gives live deltas; the offline model re-decodes each sentence the server's VAD ends. */
    TWO_PASS("2pass"),
    /** Only the streaming model: live deltas, no punctuated sentences. */
    ONLINE("online"),
    /** Only the offline model: one result for the whole audio, after the end of speech. */
    OFFLINE("offline");

    private final String wire;

    FunAsrMode(String wire) {
        this.wire = wire;
    }

    /** The value of the {@code mode} field. */
    String wire() {
        return wire;
    }

    static Optional<FunAsrMode> parse(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        for (FunAsrMode m : values()) {
            if (m.wire.equals(v)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
