package dev.videochat.api.media;

/** What kind of bytes a {@link MediaSegment} holds. */
public enum ContainerFormat {
    /** A self-contained MPEG transport stream segment (HLS media segment). */
    MPEG_TS,
    /** The initialization segment of a fragmented MP4 stream (ftyp + moov); sent once before fragments. */
    FMP4_INIT,
    /** One fragment (moof + mdat) of a fragmented MP4 stream, for Media Source Extensions. */
    FMP4_FRAGMENT,
    /** A complete, finished MP4 file. */
    MP4,
    /** Something else, described by the producer. */
    OTHER
}
