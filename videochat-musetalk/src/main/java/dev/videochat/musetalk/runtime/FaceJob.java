package dev.videochat.musetalk.runtime;

import java.util.concurrent.CompletableFuture;

/** One submission of a {@link FaceStream}: consecutive frames, where their faces go, and its completion. */
final class FaceJob {

    final FaceStream stream;
    final int frames;
    final FaceRequest request;
    final GeneratedFaces faces;
    final CompletableFuture<GeneratedFaces> result = new CompletableFuture<>();
    /** Frames put into batches so far; guarded by the worker's lock. */
    int scheduled;
    /** Frames whose faces were copied out so far; the worker thread's alone. */
    int generated;

    FaceJob(FaceStream stream, int frames, FaceRequest request, GeneratedFaces faces) {
        this.stream = stream;
        this.frames = frames;
        this.request = request;
        this.faces = faces;
    }
}
