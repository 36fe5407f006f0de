package dev.videochat.webrtc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of a browser's SDP offer the transport needs before libwebrtc sees it: the media sections with
 * their mid and direction. Checks what libwebrtc would accept but answer uselessly (no video to send, no audio
 * to send) and what it should never be handed (megabytes of text), with messages that say how to fix the page.
 */
final class SdpOffer {

    /** What the browser does with one m-line, from the browser's side. */
    enum Direction {
        SENDRECV, SENDONLY, RECVONLY, INACTIVE;

        boolean browserReceives() {
            return this == SENDRECV || this == RECVONLY;
        }

        boolean browserSends() {
            return this == SENDRECV || this == SENDONLY;
        }
    }

    /** One m-line: {@code kind} is audio, video or application; a port of 0 marks a rejected section. */
    record Section(int index, String kind, String mid, Direction direction, boolean rejected) {
    }

    private final String sdp;
    private final List<Section> sections;

    private SdpOffer(String sdp, List<Section> sections) {
        this.sdp = sdp;
        this.sections = List.copyOf(sections);
    }

    /**
     * Parses and checks an offer.
     *
     * @param sdp      the offer's text
     * @param maxBytes the largest offer accepted, in bytes of UTF-8
     * @throws IllegalArgumentException naming what is wrong
     */
    static SdpOffer parse(String sdp, int maxBytes) {
        Objects.requireNonNull(sdp, "offer SDP");
        int bytes = sdp.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new IllegalArgumentException("offer SDP is " + bytes + " bytes, over the limit of " + maxBytes
                    + " bytes; a browser's offer is a few KiB");
        }
        if (sdp.isBlank()) {
            throw new IllegalArgumentException("offer SDP is empty");
        }
        String[] lines = sdp.split("\r?\n");
        if (!lines[0].strip().equals("v=0")) {
            throw new IllegalArgumentException("offer is not SDP: it must start with the line 'v=0', got '"
                    + abbreviate(lines[0]) + "'");
        }
        Direction sessionDirection = Direction.SENDRECV;
        List<Section> sections = new ArrayList<>();
        String kind = null;
        String mid = null;
        Direction direction = null;
        boolean rejected = false;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new IllegalArgumentException("offer SDP line " + (i + 1) + " is not '<letter>=<value>': '"
                        + abbreviate(line) + "'");
            }
            if (line.startsWith("m=")) {
                if (kind != null) {
                    sections.add(new Section(sections.size(), kind, mid,
                            direction == null ? sessionDirection : direction, rejected));
                }
                String[] parts = line.substring(2).split(" ");
                if (parts.length < 4) {
                    throw new IllegalArgumentException("offer SDP line " + (i + 1)
                            + " is not 'm=<media> <port> <proto> <formats>': '" + abbreviate(line) + "'");
                }
                kind = parts[0];
                rejected = "0".equals(parts[1]);
                mid = null;
                direction = null;
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring("a=mid:".length());
            } else {
                Direction d = directionOf(line);
                if (d != null) {
                    if (kind == null) {
                        sessionDirection = d;
                    } else {
                        direction = d;
                    }
                }
            }
        }
        if (kind != null) {
            sections.add(new Section(sections.size(), kind, mid,
                    direction == null ? sessionDirection : direction, rejected));
        }
        SdpOffer offer = new SdpOffer(sdp, sections);
        offer.requireReceiving("video", "the avatar's video",
                "pc.addTransceiver('video', {direction: 'recvonly'})");
        offer.requireReceiving("audio", "the avatar's voice",
                "pc.addTransceiver('audio', {direction: 'recvonly'}) or a sendrecv microphone track");
        return offer;
    }

    private void requireReceiving(String kind, String what, String howToFix) {
        List<Section> ofKind = sections.stream().filter(s -> s.kind().equals(kind)).toList();
        if (ofKind.isEmpty()) {
            throw new IllegalArgumentException("the offer has no " + kind + " m-line, so it cannot receive " + what
                    + "; offer one with " + howToFix);
        }
        if (ofKind.stream().noneMatch(s -> !s.rejected() && s.direction().browserReceives())) {
            throw new IllegalArgumentException("no " + kind + " m-line of the offer receives (each is sendonly,"
                    + " inactive or has port 0), so it cannot receive " + what + "; offer one with " + howToFix);
        }
    }

    private static Direction directionOf(String line) {
        return switch (line) {
            case "a=sendrecv" -> Direction.SENDRECV;
            case "a=sendonly" -> Direction.SENDONLY;
            case "a=recvonly" -> Direction.RECVONLY;
            case "a=inactive" -> Direction.INACTIVE;
            default -> null;
        };
    }

    private static String abbreviate(String s) {
        String printable = s.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 57) + "...";
    }

    String text() {
        return sdp;
    }

    List<Section> sections() {
        return sections;
    }

    /** The section with this mid, if the offer names one. */
    Optional<Section> section(String mid) {
        return sections.stream().filter(s -> Objects.equals(s.mid(), mid)).findFirst();
    }
}
