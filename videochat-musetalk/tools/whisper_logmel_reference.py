#!/usr/bin/env python3
"""Independent numpy reference for Whisper's log-mel features (the input of the whisper-tiny encoder).

Written from the formulas (not from the Java code) so that the Java port can be checked against it:
  * waveform zero-padded to one 30 s window (480,000 samples at 16 kHz)
  * reflect padding of n_fft/2 = 200 samples on both sides (the edge sample is not repeated)
  * periodic Hann window of 400, hop 160, numpy's rfft, power |X|^2, 3001 frames with the last one dropped
  * 80 mel filters on the Slaney scale with Slaney area normalisation, 0 .. 8,000 Hz, built in float64
  * log10(max(mel, 1e-10)); max(L, max(L) - 8) over the whole 80 x 3000 window; (L + 4) / 4

Needs only numpy and the standard library. Usage:

    python3 tools/whisper_logmel_reference.py OUT.bin CLIP.wav [CLIP.wav ...]

Output (big-endian), read by WhisperLogMelReference in the tests:
    b"WLMR", int32 version (1), int32 clip count, then per clip:
    int32 name length, UTF-8 name, int32 sample count,
    int32 frame count F, int32[F] frame indices, float32[F * 80] values (frame-major, mel bin inner),
    float64[80] per-bin sums over all 3000 frames.
"""
import struct
import sys
import wave

import numpy as np

SAMPLE_RATE = 16000
N_FFT = 400
HOP = 160
N_MELS = 80
N_SAMPLES = 30 * SAMPLE_RATE
N_FRAMES = N_SAMPLES // HOP


def read_wav_mono(path):
    with wave.open(path, "rb") as w:
        if w.getsampwidth() != 2 or w.getframerate() != SAMPLE_RATE:
            raise SystemExit(f"{path}: expected 16-bit PCM at 16 kHz")
        raw = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float64)
        channels = w.getnchannels()
    if channels > 1:
        raw = raw.reshape(-1, channels).mean(axis=1)
    return raw / 32768.0


def hz_to_mel(f):
    f = np.asarray(f, dtype=np.float64)
    f_sp = 200.0 / 3
    mels = f / f_sp
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(f >= min_log_hz, min_log_mel + np.log(np.maximum(f, 1e-12) / min_log_hz) / logstep, mels)


def mel_to_hz(m):
    m = np.asarray(m, dtype=np.float64)
    f_sp = 200.0 / 3
    freqs = f_sp * m
    min_log_hz = 1000.0
    min_log_mel = min_log_hz / f_sp
    logstep = np.log(6.4) / 27.0
    return np.where(m >= min_log_mel, min_log_hz * np.exp(logstep * (m - min_log_mel)), freqs)


def mel_filters():
    fft_freqs = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    mel_points = np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), N_MELS + 2)
    hz_points = mel_to_hz(mel_points)
    widths = np.diff(hz_points)
    ramps = hz_points[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / widths[:-1, None]
    upper = ramps[2:] / widths[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (hz_points[2:] - hz_points[:-2]))[:, None]
    return weights


def log_mel(samples):
    window = np.zeros(N_SAMPLES)
    window[: min(len(samples), N_SAMPLES)] = samples[:N_SAMPLES]
    padded = np.pad(window, N_FFT // 2, mode="reflect")
    hann = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)
    starts = np.arange(N_FRAMES + 1) * HOP
    frames = padded[starts[:, None] + np.arange(N_FFT)[None, :]] * hann
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    power = power[:-1]
    mel = mel_filters() @ power.T
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return (log_spec + 4.0) / 4.0


def chosen_frames(sample_count):
    """Every frame near both edges of the speech, and every 8th frame between, to keep the test data small."""
    active = min(N_FRAMES, sample_count // HOP + 1)
    picked = set(range(0, min(16, N_FRAMES)))
    picked.update(range(0, active, 8))
    picked.update(range(max(0, active - 8), min(N_FRAMES, active + 8)))
    picked.add(N_FRAMES - 1)
    return sorted(picked)


def main():
    if len(sys.argv) < 3:
        raise SystemExit(__doc__)
    out_path, clips = sys.argv[1], sys.argv[2:]
    with open(out_path, "wb") as out:
        out.write(b"WLMR" + struct.pack(">ii", 1, len(clips)))
        for clip in clips:
            samples = read_wav_mono(clip)
            features = log_mel(samples)
            frames = chosen_frames(len(samples))
            name = clip.replace("\\", "/").split("/assets/")[-1].encode("utf-8")
            out.write(struct.pack(">i", len(name)) + name + struct.pack(">ii", len(samples), len(frames)))
            out.write(np.asarray(frames, dtype=">i4").tobytes())
            out.write(features[:, frames].T.astype(">f4").tobytes())
            out.write(features.sum(axis=1).astype(">f8").tobytes())
            print(f"{name.decode()}: {len(samples)} samples, {len(frames)} frames kept, "
                  f"max {features.max():.6f}, min {features.min():.6f}")


if __name__ == "__main__":
    main()
