package dev.videochat.tts.edge;

import dev.videochat.api.Call;
import dev.videochat.api.tts.SpeechSynthesizer;
import dev.videochat.api.tts.SynthesisHandler;
import dev.videochat.api.tts.SynthesisResult;
import dev.videochat.api.tts.Voice;

import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Speech from Edge's read-aloud service. Each piece of text (at most 4096 UTF-8 bytes once escaped) is one request
 * on its own WebSocket; the MP3 it streams back is decoded to 24 kHz PCM as it arrives, and word boundaries become
 * {@link dev.videochat.api.tts.WordTiming}s. Thread-safe.
 */
final class EdgeTtsSynthesizer implements SpeechSynthesizer {

    /** Chinese neural voices read English words too. */
    private static final java.util.Set<String> BILINGUAL = java.util.Set.of("zh", "en");
    private static final List<Voice> VOICES = List.of(
            new Voice("en-US-AriaNeural", "en-US"), new Voice("en-US-GuyNeural", "en-US"),
            new Voice("en-US-JennyNeural", "en-US"), new Voice("en-GB-SoniaNeural", "en-GB"),
            new Voice("zh-CN-XiaoxiaoNeural", "zh-CN", BILINGUAL), new Voice("zh-CN-YunxiNeural", "zh-CN", BILINGUAL),
            new Voice("zh-CN-XiaoyiNeural", "zh-CN", BILINGUAL), new Voice("zh-TW-HsiaoChenNeural", "zh-TW", BILINGUAL),
            new Voice("ja-JP-NanamiNeural", "ja-JP"), new Voice("de-DE-KatjaNeural", "de-DE"),
            new Voice("fr-FR-DeniseNeural", "fr-FR"), new Voice("es-ES-ElviraNeural", "es-ES"));

    private final EdgeSettings settings;
    private final HttpClient client;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "edge-tts");
        t.setDaemon(true);
        return t;
    });

    EdgeTtsSynthesizer(EdgeSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
    }

    @Override
    public String name() {
        return EdgeTtsProvider.NAME;
    }

    /** The configured voice first, then common ones; any voice of the service is accepted by name. */
    @Override
    public List<Voice> voices() {
        String lang = settings.voice().substring(0, settings.voice().indexOf('-', settings.voice().indexOf('-') + 1));
        Voice configured = lang.startsWith("zh") ? new Voice(settings.voice(), lang, BILINGUAL)
                : new Voice(settings.voice(), lang);
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(configured),
                VOICES.stream().filter(v -> !v.equals(configured))).toList();
    }

    @Override
    public Call<SynthesisResult> synthesize(String text, Voice voice, SynthesisHandler handler) {
        List<String> pieces = settings.text().prepare(text).stream()
                .flatMap(p -> EdgeMessages.split(EdgeMessages.escape(p), EdgeMessages.MAX_SSML_TEXT_BYTES).stream())
                .toList();
        String voiceName = voice == null ? settings.voice() : voice.id();
        EdgeMessages.longVoiceName(voiceName);
        EdgeTtsCall call = new EdgeTtsCall(settings, client, voiceName, pieces, handler);
        threads.execute(call::run);
        return call;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
