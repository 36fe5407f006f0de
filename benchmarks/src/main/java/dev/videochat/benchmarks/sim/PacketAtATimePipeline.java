package dev.videochat.benchmarks.sim;

import dev.videochat.api.audio.AudioChunk;
import dev.videochat.api.llm.ChatHandler;
import dev.videochat.api.llm.ChatMessage;
import dev.videochat.api.llm.ChatRequest;
import dev.videochat.api.media.MediaFormat;
import dev.videochat.api.media.MuxSession;
import dev.videochat.api.thg.AvatarAnimator;
import dev.videochat.api.video.PixelFormat;
import dev.videochat.api.video.VideoFrame;
import dev.videochat.core.text.SentenceChunker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The reference system's schedule, for comparison: the same stages on their own threads, but each stage finishes a
 * whole packet before the next stage starts it (TTS returns a packet's whole audio, THG renders all its frames,
 * then one encode per packet).
 */
public final class PacketAtATimePipeline {

    private static final Object END = new Object();

    private final StageCosts costs;

    public PacketAtATimePipeline(StageCosts costs) {
        this.costs = costs;
    }

    /** Answers one question and returns when each packet's segment was cut. */
    public Timeline answer() throws InterruptedException {
        return start().awaitAll();
    }

    /** A running answer. */
    public static final class Running {
        private final long start;
        private final List<Long> cuts;
        private final CountDownLatch first;
        private final List<Thread> threads;

        private Running(long start, List<Long> cuts, CountDownLatch first, List<Thread> threads) {
            this.start = start;
            this.cuts = cuts;
            this.first = first;
            this.threads = threads;
        }

        /** Waits for the first segment. */
        public void awaitFirst() throws InterruptedException {
            first.await();
        }

        /** Waits for the whole answer. */
        public Timeline awaitAll() throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            synchronized (cuts) {
                return new Timeline(start, cuts);
            }
        }

        /** Stops every stage and waits for them. */
        public void stop() throws InterruptedException {
            for (Thread t : threads) {
                t.interrupt();
            }
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    /** Starts answering one question. */
    public Running start() {
        CostedChatModel llm = new CostedChatModel(costs);
        CostedSynthesizer tts = new CostedSynthesizer(costs);
        CostedTalkingHead thg = new CostedTalkingHead(costs);
        AvatarAnimator animator = thg.animate(thg.loadAvatar("flat"));
        List<Long> cuts = new ArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        MuxSession mux = new CostedMuxer(costs).open(new MediaFormat(CostedTalkingHead.SIZE, CostedTalkingHead.SIZE,
                PixelFormat.RGB24, CostedTalkingHead.FPS, CostedSynthesizer.RATE), s -> {
                    synchronized (cuts) {
                        cuts.add(System.nanoTime());
                    }
                    first.countDown();
                });
        BlockingQueue<Object> texts = new ArrayBlockingQueue<>(64);
        BlockingQueue<Object> audios = new ArrayBlockingQueue<>(64);
        BlockingQueue<Object> videos = new ArrayBlockingQueue<>(64);
        long start = System.nanoTime();
        Thread tThread = stage("tts", () -> {
            for (Object o = texts.take(); o != END; o = texts.take()) {
                List<AudioChunk> whole = new ArrayList<>();
                tts.synthesize((String) o, tts.defaultVoice(), whole::add).await();
                audios.put(whole);
            }
            audios.put(END);
        });
        Thread gThread = stage("thg", () -> {
            for (Object o = audios.take(); o != END; o = audios.take()) {
                @SuppressWarnings("unchecked")
                List<AudioChunk> audio = (List<AudioChunk>) o;
                List<VideoFrame> frames = new ArrayList<>();
                for (AudioChunk a : audio) {
                    animator.speak(a, frames::add);
                }
                animator.endUtterance(frames::add);
                videos.put(new Object[] {audio, frames});
            }
            videos.put(END);
        });
        Thread mThread = stage("mux", () -> {
            for (Object o = videos.take(); o != END; o = videos.take()) {
                Object[] packet = (Object[]) o;
                @SuppressWarnings("unchecked")
                List<AudioChunk> audio = (List<AudioChunk>) packet[0];
                @SuppressWarnings("unchecked")
                List<VideoFrame> frames = (List<VideoFrame>) packet[1];
                audio.forEach(mux::writeAudio);
                frames.forEach(mux::writeVideo);
                mux.endPacket();
            }
        });
        Thread lThread = stage("llm", () -> {
            SentenceChunker chunker = new SentenceChunker();
            ChatHandler handler = delta -> {
                for (String p : chunker.accept(delta)) {
                    texts.put(p);
                }
            };
            var call = llm.stream(ChatRequest.of(List.of(ChatMessage.user("go"))), handler);
            try {
                call.await();
            } catch (InterruptedException e) {
                call.cancel();
                throw e;
            }
            for (String p : chunker.flush()) {
                texts.put(p);
            }
            texts.put(END);
        });
        return new Running(start, cuts, first, List.of(lThread, tThread, gThread, mThread));
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread stage(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (!(e.getCause() instanceof InterruptedException)
                        && !(e instanceof java.util.concurrent.CancellationException)) {
                    throw new IllegalStateException(name + " failed", e);
                }
            }
        }, "packet-at-a-time-" + name);
        t.start();
        return t;
    }
}
