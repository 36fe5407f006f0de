package dev.videochat.core.pipeline;

import dev.videochat.api.Stage;
import dev.videochat.core.pipeline.StageItems.Audio;
import dev.videochat.core.pipeline.StageItems.End;
import dev.videochat.core.pipeline.StageItems.Frame;
import dev.videochat.core.pipeline.StageItems.MediaItem;
import dev.videochat.core.pipeline.StageItems.Packet;
import dev.videochat.core.pipeline.StageItems.Speech;
import dev.videochat.core.pipeline.StageItems.SpeechItem;
import dev.videochat.core.pipeline.StageItems.SpokenAudio;
import dev.videochat.core.pipeline.StageItems.TextItem;

import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The three bounded queues between a turn's four stages (text to TTS, speech to THG, media to the muxer), each
 * bounded in items and in bytes, and the rules for using them: a producer waits while its queue is full (and that
 * wait is not idleness for the stage deadlines), gives up when its own stage stops, and a stopping stage's queue is
 * emptied and left holding the end marker so its consumer wakes.
 */
final class TurnQueues {

    final StageQueue<TextItem> text;
    final StageQueue<SpeechItem> speech;
    final StageQueue<MediaItem> media;

    private final StageActivity activity;
    /** Whether the stage thread with that index is stopping. */
    private final IntPredicate stopping;

    TurnQueues(VideoChatEngine.PipelineSettings settings, StageActivity activity, IntPredicate stopping) {
        this.text = new StageQueue<>(settings.textQueue(), settings.mediaQueueBytes());
        this.speech = new StageQueue<>(settings.speechQueue(), settings.mediaQueueBytes());
        this.media = new StageQueue<>(settings.mediaQueue(), settings.mediaQueueBytes());
        this.activity = activity;
        this.stopping = stopping;
    }

    /** The queue in front of {@code stage} (TTS, THG or MUX), for the gauges. */
    StageQueue<?> before(Stage stage) {
        return switch (requireQueued(stage)) {
            case TTS -> text;
            case THG -> speech;
            default -> media;
        };
    }

    /** {@code stage} when a queue feeds it. */
    static Stage requireQueued(Stage stage) {
        if (stage != Stage.TTS && stage != Stage.THG && stage != Stage.MUX) {
            throw new IllegalArgumentException("queues feed TTS, THG and MUX; " + stage + " has none");
        }
        return stage;
    }

    /**
     * Puts an item, waiting while the queue is full (back-pressure).
     *
     * @param producer the stage thread putting it
     * @return false when that stage is stopping and the item was dropped
     */
    <T> boolean put(StageQueue<T> queue, T item, int producer) throws InterruptedException {
        long size = sizeOf(item);
        if (queue.offer(item, size, 0, TimeUnit.MILLISECONDS)) {
            return true;
        }
        // Waiting for room downstream is not the producer being idle.
        long paused = activity.pause(producer);
        try {
            while (!stopping.test(producer)) {
                if (queue.offer(item, size, 10, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } finally {
            activity.resume(producer, paused);
        }
    }

    /**
     * After a stage failed, hands the next stage what is left for it (the end marker, or complete sentences), as
     * long as that stage is still running.
     */
    <T> void handOn(StageQueue<T> queue, T item, int consumer) throws InterruptedException {
        while (!stopping.test(consumer)) {
            if (queue.offer(item, sizeOf(item), 10, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    /** Drops what is queued and leaves an end marker so a waiting consumer wakes up. */
    static <T> void wake(StageQueue<T> queue) {
        @SuppressWarnings("unchecked")
        T end = (T) End.INSTANCE;
        queue.replaceAllWith(end);
    }

    /** The bytes an item holds, for the queues' byte bound. */
    private static long sizeOf(Object item) {
        if (item instanceof Frame f) {
            return f.frame().byteSize();
        } else if (item instanceof Audio a) {
            return 2L * a.audio().sampleCount();
        } else if (item instanceof Speech s) {
            return 2L * s.audio().sampleCount();
        } else if (item instanceof SpokenAudio s) {
            return 2L * s.audio().sampleCount();
        } else if (item instanceof Packet p) {
            return 2L * p.clock().packet.text().length();
        }
        return 0;
    }
}
