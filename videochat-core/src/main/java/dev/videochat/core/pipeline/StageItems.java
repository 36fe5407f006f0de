package dev.videochat.core.pipeline;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.tts.WordTiming;
import dev.videochat.api.video.VideoFrame;

/** What travels through a turn's bounded queues. */
final class StageItems {

    private StageItems() {
    }

    /** LLM/chunker to TTS: a packet or {@link End}. */
    sealed interface TextItem permits Packet, SpokenAudio, SpokenEnd, End {
    }

    /** TTS to THG. */
    sealed interface SpeechItem permits Speech, Word, PacketEnd, End {
    }

    /** THG to mux. */
    sealed interface MediaItem permits Audio, Frame, PacketEnd, End {
    }

    record Packet(PacketClock clock) implements TextItem {
    }

    /** Speech-to-speech: the model's own audio for a packet, passed on by the TTS stage as it is. */
    record SpokenAudio(PacketClock clock, AudioChunk audio) implements TextItem {
    }

    /** Speech-to-speech: the end of a packet's audio. */
    record SpokenEnd(PacketClock clock) implements TextItem {
    }

    record Speech(PacketClock clock, AudioChunk audio) implements SpeechItem {
    }

    record Word(PacketClock clock, WordTiming word) implements SpeechItem {
    }

    record Audio(PacketClock clock, AudioChunk audio) implements MediaItem {
    }

    record Frame(PacketClock clock, VideoFrame frame) implements MediaItem {
    }

    record PacketEnd(PacketClock clock) implements SpeechItem, MediaItem {
    }

    /** The end of the turn's stream (or a wake-up when the turn stops). */
    enum End implements TextItem, SpeechItem, MediaItem {
        INSTANCE
    }
}
