/**
 * PCM utilities the pipeline and the engines share: {@link dev.videochat.core.audio.Resampler} (streaming
 * windowed-sinc rate conversion), {@link dev.videochat.core.audio.WavHeader} and
 * {@link dev.videochat.core.audio.PcmDecoder} (a WAV or raw PCM stream decoded as its bytes arrive) and
 * {@link dev.videochat.core.audio.Wav} (files).
 *
 * <h2>Why these are written here rather than taken from a library</h2>
 * <ul>
 *   <li><b>The WAV header reader</b> works on a stream that is still arriving: streaming TTS servers send a header
 *       whose data length is 0 or 0xFFFFFFFF and then PCM for seconds. {@code javax.sound.sampled} wants the whole
 *       header from a blocking {@code InputStream}, rejects those lengths in some versions and lives in
 *       {@code java.desktop}, which the core leaves out; FFmpeg would make the core native.</li>
 *   <li><b>The resampler</b> must carry its state across chunks of any size, so that audio fed in pieces comes out
 *       exactly as if fed whole, with a known output length; it is under 170 lines. The JDK has no resampler, and
 *       FFmpeg's swresample (in {@code videochat-ffmpeg}) would bring natives into every module that converts
 *       a TTS engine's rate to the talking head's.</li>
 * </ul>
 * {@code ResamplerTest} checks that audio fed in pieces comes out as if fed whole, the output length, the level and
 * frequency of a tone and the low-pass; the TTS engines' tests feed the header variants their servers send.
 */
package dev.videochat.core.audio;
