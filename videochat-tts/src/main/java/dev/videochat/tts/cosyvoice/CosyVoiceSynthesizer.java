package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Call;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Speech from CosyVoice on DashScope. Each synthesis is one task on its own WebSocket: {@code run-task}, wait for
 * {@code task-started}, the text in {@code continue-task} messages, {@code finish-task}; 16-bit PCM arrives in
 * binary frames and goes to the handler as it comes. Thread-safe.
 */
final class CosyVoiceSynthesizer implements SpeechSynthesizer {

    /** The most characters sent in one continue-task (the service allows 20,000, counting CJK twice). */
    static final int MAX_CHARS_PER_MESSAGE = 9_000;
    /** The most characters in one task (the service allows 200,000, counting CJK twice). */
    static final int MAX_CHARS_PER_TASK = 90_000;

    private static final List<Voice> VOICES = List.of(
            new Voice("longxiaochun_v2", "zh-CN"), new Voice("longxiaoxia_v2", "zh-CN"),
            new Voice("longwan_v2", "zh-CN"), new Voice("longcheng_v2", "zh-CN"), new Voice("longhua_v2", "zh-CN"),
            new Voice("longshu_v2", "zh-CN"), new Voice("loongbella_v2", "zh-CN"));

    private final CosyVoiceSettings settings;
    private final HttpClient client;
    private final ScheduledExecutorService timers;

    CosyVoiceSynthesizer(CosyVoiceSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cosyvoice-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public String name() {
        return CosyVoiceProvider.NAME;
    }

    /** The configured voice first, then the common voices of {@code cosyvoice-v2}; any voice id is accepted. */
    @Override
    public List<Voice> voices() {
        Voice configured = new Voice(settings.voice(), "zh-CN");
        if (VOICES.contains(configured)) {
            List<Voice> out = new java.util.ArrayList<>(VOICES);
            out.remove(configured);
            out.add(0, configured);
            return List.copyOf(out);
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(configured), VOICES.stream()).toList();
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        List<String> pieces = settings.text().prepare(text);
        int weighted = weightedLength(text);
        if (weighted > MAX_CHARS_PER_TASK) {
            throw new IllegalArgumentException("text is " + weighted + " characters (CJK counted twice); one "
                    + "synthesis takes at most " + MAX_CHARS_PER_TASK + ": split it into sentences first");
        }
        CosyVoiceTask task = new CosyVoiceTask(settings, voice == null ? settings.voice() : voice.id(),
                pieces, handler, timers);
        task.start(client);
        return task;
    }

    private static int weightedLength(String text) {
        return text.codePoints().map(cp -> cp >= 0x2E80 ? 2 : 1).sum();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
