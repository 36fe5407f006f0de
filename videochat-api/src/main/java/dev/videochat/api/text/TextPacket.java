package dev.videochat.api.text;

/**
 * One piece of an answer that is voiced and animated as a unit: a sentence, or several short ones.
 *
 * @param index the packet's position in its turn, from 0
 * @param text  the text to speak, never blank
 */
public record TextPacket(int index, String text) {

    public TextPacket {
        if (index < 0) {
            throw new IllegalArgumentException("packet index must be >= 0, got " + index);
        }
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("packet text must not be blank");
        }
    }
}
