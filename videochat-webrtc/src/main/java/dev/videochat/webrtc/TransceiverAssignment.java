package dev.videochat.webrtc;

import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCRtpTransceiverDirection;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, after the offer is set, what each of libwebrtc's transceivers answers: the avatar's video on the first
 * video m-line the browser receives, its voice on the first such audio m-line, the microphone from the first
 * audio m-line the browser sends (when the application wants it); every other m-line is answered inactive.
 *
 * @param senders    the senders now carrying the avatar's tracks (their tracks are let go on close)
 * @param microphone the browser's audio track to listen to, if one was chosen
 */
record TransceiverAssignment(List<RTCRtpSender> senders, Optional<AudioTrack> microphone) {

    /**
     * @throws IllegalArgumentException when no transceiver could carry the video or the voice
     */
    static TransceiverAssignment assign(RTCPeerConnection pc, SdpOffer offer, MediaStreamTrack video,
                                        MediaStreamTrack voice, String streamId, boolean wantMicrophone) {
        List<RTCRtpSender> senders = new ArrayList<>();
        AudioTrack microphone = null;
        boolean videoSent = false;
        boolean voiceSent = false;
        Set<Integer> used = new HashSet<>();
        for (RTCRtpTransceiver transceiver : pc.getTransceivers()) {
            MediaStreamTrack receiving = transceiver.getReceiver().getTrack();
            String kind = receiving.getKind();
            SdpOffer.Section section = sectionOf(offer, transceiver.getMid(), kind, used);
            if (section == null || section.rejected()) {
                continue;
            }
            used.add(section.index());
            boolean browserReceives = section.direction().browserReceives();
            boolean browserSends = section.direction().browserSends();
            RTCRtpTransceiverDirection direction = RTCRtpTransceiverDirection.INACTIVE;
            if (MediaStreamTrack.VIDEO_TRACK_KIND.equals(kind) && browserReceives && !videoSent) {
                senders.add(send(transceiver, video, streamId));
                videoSent = true;
                direction = RTCRtpTransceiverDirection.SEND_ONLY;
            } else if (MediaStreamTrack.AUDIO_TRACK_KIND.equals(kind)) {
                boolean sendHere = browserReceives && !voiceSent;
                boolean hearHere = browserSends && wantMicrophone && microphone == null;
                if (sendHere) {
                    senders.add(send(transceiver, voice, streamId));
                    voiceSent = true;
                }
                if (hearHere) {
                    microphone = (AudioTrack) receiving;
                }
                direction = sendHere && hearHere ? RTCRtpTransceiverDirection.SEND_RECV
                        : sendHere ? RTCRtpTransceiverDirection.SEND_ONLY
                        : hearHere ? RTCRtpTransceiverDirection.RECV_ONLY
                        : RTCRtpTransceiverDirection.INACTIVE;
            }
            transceiver.setDirection(direction);
        }
        if (!videoSent || !voiceSent) {
            // SdpOffer checked this already; libwebrtc disagreeing means the offer's mids are inconsistent.
            throw new IllegalArgumentException("the offer's m-lines could not be matched to libwebrtc's"
                    + " transceivers (check that every m-line has a unique a=mid)");
        }
        return new TransceiverAssignment(List.copyOf(senders), Optional.ofNullable(microphone));
    }

    private static SdpOffer.Section sectionOf(SdpOffer offer, String mid, String kind, Set<Integer> used) {
        if (mid != null) {
            Optional<SdpOffer.Section> byMid = offer.section(mid);
            if (byMid.isPresent()) {
                return byMid.get();
            }
        }
        return offer.sections().stream()
                .filter(s -> s.kind().equals(kind) && !used.contains(s.index()))
                .findFirst().orElse(null);
    }

    private static RTCRtpSender send(RTCRtpTransceiver transceiver, MediaStreamTrack track, String streamId) {
        RTCRtpSender sender = transceiver.getSender();
        sender.replaceTrack(track);
        // One stream id for both tracks: the browser plays them as one stream, in sync.
        sender.setStreams(List.of(streamId));
        return sender;
    }
}
