package dev.videochat.examples.cli;

import dev.videochat.api.media.MuxerProvider;
import dev.videochat.api.thg.TalkingHeadProvider;
import dev.videochat.api.tts.SpeechSynthesizerProvider;
import dev.videochat.core.provider.Providers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command, {@code videochat speak "..."}, on the embedded defaults, and the MP4 it writes. */
class SpeakCommandTest {

    private static final Pattern MEDIA = Pattern.compile("; media ([0-9.]+) s");

    @Test
    void speakWritesAnMp4WithVideoAndAudioAsLongAsTheSpeech(@TempDir Path out) throws IOException {
        assumeDefaultEngines();
        CliRun cli = new CliRun();
        int status = cli.run(Map.of(), "--out", out.toString(), "speak",
                "Hello! I am your digital human, drawn and voiced entirely inside the JVM.");
        String printed = cli.out();
        assertEquals(0, status, cli.printed());

        Matcher media = MEDIA.matcher(printed);
        assertTrue(media.find(), "the latency table gives the media duration: " + printed);
        double speech = Double.parseDouble(media.group(1));
        assertTrue(speech > 1, "the sentence takes more than a second to say, got " + speech + " s");

        List<Path> mp4s;
        try (Stream<Path> files = Files.walk(out)) {
            mp4s = files.filter(f -> f.toString().endsWith(".mp4")).toList();
        }
        assertEquals(1, mp4s.size(), "one MP4 in " + out + ": " + mp4s);
        Mp4Probe probe = Mp4Probe.of(mp4s.get(0));
        assertTrue(probe.has("vide") && probe.has("soun"), "video and audio tracks: " + probe);
        // AAC priming and the last video frame may add a few tens of milliseconds.
        assertEquals(speech, probe.seconds(), 0.25, "the MP4 lasts as long as the speech: " + probe);
        for (Mp4Probe.Track track : probe.tracks()) {
            assertEquals(speech, track.seconds(), 0.25, "each track lasts as long as the speech: " + track);
        }
        // The live HLS playlist beside it lists segments that exist and together last as long as the speech.
        Path playlist = mp4s.get(0).resolveSibling("stream.m3u8");
        assertTrue(Files.isRegularFile(playlist), "an HLS playlist beside the MP4");
        List<String> lines = Files.readAllLines(playlist);
        assertTrue(lines.contains("#EXT-X-ENDLIST"), "the playlist is finished: " + lines);
        double listed = 0;
        int segments = 0;
        for (String line : lines) {
            if (line.startsWith("#EXTINF:")) {
                listed += Double.parseDouble(line.substring(8, line.indexOf(',')));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Path segment = playlist.resolveSibling(line);
                assertTrue(Files.size(segment) > 0, "listed segment " + segment + " exists");
                segments++;
            }
        }
        assertTrue(segments > 0, "segments listed: " + lines);
        assertEquals(speech, listed, 0.25, "the segments last as long as the speech: " + lines);
        assertEquals(out.resolve("session-001"), mp4s.get(0).getParent(), "the first run's folder");
        try (Stream<Path> files = Files.list(mp4s.get(0).getParent())) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("latency-")),
                    "the latency table is saved beside the video");
        }
        assertTrue(printed.contains("written to " + out.resolve("session-001")), printed);
    }

    @Test
    void eachRunWritesAFreshSessionFolderAndLeavesTheEarlierOneAlone(@TempDir Path out) throws IOException {
        assumeDefaultEngines();
        CliRun first = new CliRun();
        assertEquals(0, first.run(Map.of(), "--out", out.toString(), "speak", "Hello there, first run."),
                first.printed());
        List<String> firstFiles = files(out.resolve("session-001"));
        CliRun second = new CliRun();
        assertEquals(0, second.run(Map.of(), "--out", out.toString(), "speak", "Hi."), second.printed());

        try (Stream<Path> entries = Files.list(out)) {
            assertEquals(List.of("session-001", "session-002"),
                    entries.map(p -> p.getFileName().toString()).sorted().toList(), "nothing else at the top");
        }
        assertEquals(firstFiles, files(out.resolve("session-001")), "the first run's files are untouched");
        String secondFiles = files(out.resolve("session-002")).toString();
        assertTrue(secondFiles.contains("session.mp4 ") && secondFiles.contains("stream.m3u8 ")
                && secondFiles.contains("latency-"), secondFiles);
        assertTrue(second.out().contains("written to " + out.resolve("session-002")), second.printed());
    }

    /** The folder's files with their sizes and modification times: equal snapshots, untouched files. */
    private static List<String> files(Path folder) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path p : entries.sorted().toList()) {
                out.add(p.getFileName() + " " + Files.size(p) + " " + Files.getLastModifiedTime(p));
            }
        }
        return out;
    }

    private static void assumeDefaultEngines() {
        for (var provider : Map.of(SpeechSynthesizerProvider.class, "freetts", TalkingHeadProvider.class, "sprite",
                MuxerProvider.class, "ffmpeg").entrySet()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            boolean present = Providers.find((Class) provider.getKey(), provider.getValue()).isPresent();
            Assumptions.assumeTrue(present, "skipped: the '" + provider.getValue() + "' engine is not on the class "
                    + "path");
        }
    }
}
