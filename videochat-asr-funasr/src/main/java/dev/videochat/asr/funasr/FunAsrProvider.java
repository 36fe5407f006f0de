package dev.videochat.asr.funasr;

import dev.videochat.api.asr.SpeechRecognizerProvider;
import dev.videochat.api.asr.SpeechRecognizer;

import java.util.Map;
import java.util.Set;

/**
 * {@code funasr}: speech recognition by a FunASR runtime server (the {@code funasr-runtime-sdk-online} 2pass
 * image, the offline file-transcription image, or the Python {@code funasr_wss_server.py}) over its WebSocket
 * protocol. Audio is 16,000 Hz mono PCM. Settings, each mapped onto the {@link FunAsrRecognizer#builder()} method of
 * the same name in camel case:
 * <ul>
 *   <li>{@code url}: {@code ws://host:port} or {@code wss://host:port} (default {@code ws://127.0.0.1:10095})</li>
 *   <li>{@code mode}: {@code 2pass} (default; live deltas, then punctuated sentences), {@code online} (live deltas
 *       only) or {@code offline} (one result at the end)</li>
 *   <li>{@code chunk-size}: look-back, chunk, look-ahead in units of 60 ms (default {@code 5,10,5})</li>
 *   <li>{@code hotwords}: {@code word weight} pairs split by commas, such as {@code 阿里巴巴 20, 通义实验室 30}</li>
 *   <li>{@code itn}: inverse text normalisation (default {@code true})</li>
 *   <li>{@code svs-lang} ({@code auto}, {@code zh}, {@code en}, {@code yue}, {@code ja}, {@code ko}) and
 *       {@code svs-itn} (default {@code true}): for a server whose offline model is SenseVoiceSmall</li>
 *   <li>{@code connect-timeout} (default 10 s), {@code final-timeout}: how long {@code finish()} waits for the
 *       final result after the end of speech (default 30 s)</li>
 *   <li>{@code wav-name}: the name the server echoes and logs (default {@code videochat})</li>
 *   <li>{@code trust-all-certificates}: accept the server's self-signed certificate on {@code wss://} (default
 *       {@code false}); the servers run TLS unless started with {@code --certfile 0}</li>
 * </ul>
 */
public final class FunAsrProvider implements SpeechRecognizerProvider {

    static final String NAME = "funasr";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "FunASR runtime server over WebSocket (2pass, online or offline; Chinese Paraformer or SenseVoice); "
                + "needs a running server, default ws://127.0.0.1:10095";
    }

    @Override
    public Set<String> settingNames() {
        return FunAsrSettings.NAMES;
    }

    /**
     * @throws dev.videochat.api.ConfigurationException when a setting is unknown or invalid, naming it
     */
    @Override
    public SpeechRecognizer create(Map<String, String> settings) {
        return new FunAsrRecognizer(FunAsrSettings.from(settings));
    }
}
