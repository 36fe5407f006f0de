package dev.videochat.api.turn;

import java.time.Duration;
import java.util.Objects;

/**
 * Where one packet's time went. Stage times are the wall time each stage spent on this packet.
 *
 * @param index  the packet's position in its turn
 * @param text   the packet's text
 * @param media  how long the packet's audio plays
 * @param llm    from the previous packet's cut (or the request, for packet 0) to this packet's cut
 * @param tts    from the start of its synthesis to its last audio chunk
 * @param thg    from its first audio chunk entering the avatar to its last frame leaving it
 * @param mux    time spent encoding and muxing its audio and frames
 * @param cost   from the start of the turn to its media being handed to the sinks
 */
public record PacketMetrics(int index, String text, Duration media, Duration llm, Duration tts, Duration thg,
                            Duration mux, Duration cost) {

    public PacketMetrics {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(llm, "llm");
        Objects.requireNonNull(tts, "tts");
        Objects.requireNonNull(thg, "thg");
        Objects.requireNonNull(mux, "mux");
        Objects.requireNonNull(cost, "cost");
    }
}
