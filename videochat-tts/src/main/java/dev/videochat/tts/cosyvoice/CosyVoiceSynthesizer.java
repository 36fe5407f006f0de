package dev.videochat.tts.cosyvoice;

import dev.videochat.api.Call;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import dev.videochat.tts.text.TextSplitter;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Speech from CosyVoice on DashScope. Each synthesis is one task on its own WebSocket (several, one after another,
 * when the cleaned text is longer than one task takes): {@code run-task}, wait for {@code task-started}, the text
 * in {@code continue-task} messages, {@code finish-task}; audio arrives in binary frames (PCM, MP3 or WAV) and goes
 * to the handler as 16-bit PCM as it comes. Thread-safe.
 */
final class CosyVoiceSynthesizer implements SpeechSynthesizer {

    /**
     * The most UTF-16 chars sent in one continue-task: at most 18,000 weighted characters, under the service's
     * 20,000 (CJK counting twice).
     */
    static final int MAX_CHARS_PER_MESSAGE = 9_000;
    /** The default most weighted characters in one task (the service allows 200,000, counting CJK twice). */
    static final int MAX_CHARS_PER_TASK = 90_000;

    /** CosyVoice's Chinese voices read English words too. */
    private static final java.util.Set<String> BILINGUAL = java.util.Set.of("zh", "en");
    private static final List<Voice> VOICES = List.of(
            new Voice("longxiaochun_v2", "zh-CN", BILINGUAL), new Voice("longxiaoxia_v2", "zh-CN", BILINGUAL),
            new Voice("longwan_v2", "zh-CN", BILINGUAL), new Voice("longcheng_v2", "zh-CN", BILINGUAL), new Voice("longhua_v2", "zh-CN", BILINGUAL),
            new Voice("longshu_v2", "zh-CN", BILINGUAL), new Voice("loongbella_v2", "zh-CN", BILINGUAL));

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
        Voice configured = new Voice(settings.voice(), "zh-CN", BILINGUAL);
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
        List<List<String>> tasks = tasks(settings.text().prepare(text), settings.maxTaskChars());
        CosyVoiceCall call = new CosyVoiceCall(settings, client, voice == null ? settings.voice() : voice.id(),
                tasks, handler, timers);
        call.start();
        return call;
    }

    /**
     * Groups the cleaned pieces of text into tasks of at most {@code maxTaskChars} weighted characters each, in
     * order; a piece heavier than that on its own is cut first. One piece is one continue-task message.
     */
    static List<List<String>> tasks(List<String> pieces, int maxTaskChars) {
        List<List<String>> tasks = new ArrayList<>();
        List<String> task = new ArrayList<>();
        int weight = 0;
        for (String piece : pieces) {
            // Each UTF-16 char weighs at most 2, so pieces of maxTaskChars / 2 chars always fit in a task.
            List<String> parts = weight(piece) <= maxTaskChars ? List.of(piece)
                    : TextSplitter.split(piece, maxTaskChars / 2);
            for (String part : parts) {
                int w = weight(part);
                if (weight + w > maxTaskChars && !task.isEmpty()) {
                    tasks.add(List.copyOf(task));
                    task.clear();
                    weight = 0;
                }
                task.add(part);
                weight += w;
            }
        }
        if (!task.isEmpty()) {
            tasks.add(List.copyOf(task));
        }
        return List.copyOf(tasks);
    }

    /** The length the service counts: characters, with CJK (from U+2E80 up) counting twice. */
    static int weight(String text) {
        return text.codePoints().map(cp -> cp >= 0x2E80 ? 2 : 1).sum();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
