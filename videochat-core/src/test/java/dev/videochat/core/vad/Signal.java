package dev.videochat.core.vad;

import dev.videochat.api.audio.AudioChunk;

import java.util.Arrays;

/** Builds test audio from stretches of constant level, at a given rate; durations in milliseconds. */
final class Signal {

    private final int rate;
    private short[] samples = new short[0];

    Signal(int rate) {
        this.rate = rate;
    }

    /** Appends {@code ms} milliseconds of samples at {@code level}. */
    Signal level(int level, int ms) {
        int start = samples.length;
        samples = Arrays.copyOf(samples, start + samplesOf(ms));
        Arrays.fill(samples, start, samples.length, (short) level);
        return this;
    }

    /** Appends {@code ms} milliseconds of quiet, varying samples (0..99, probability at most 0.01). */
    Signal murmur(int ms) {
        int start = samples.length;
        samples = Arrays.copyOf(samples, start + samplesOf(ms));
        for (int i = start; i < samples.length; i++) {
            samples[i] = (short) ((i * 37) % 100);
        }
        return this;
    }

    Signal silence(int ms) {
        return level(0, ms);
    }

    AudioChunk chunk() {
        return new AudioChunk(samples, rate);
    }

    private int samplesOf(int ms) {
        return Math.toIntExact((long) ms * rate / 1000);
    }
}
