package dev.videochat.sprite;

import dev.videochat.api.thg.Avatar;
import dev.videochat.sprite.look.SpriteSheet;

/** A loaded sprite avatar: its pre-rendered layers, shared by every session that animates it. */
final class SpriteAvatar implements Avatar {

    private final SpriteSheet sheet;
    private final SpriteTalkingHead owner;

    SpriteAvatar(SpriteSheet sheet, SpriteTalkingHead owner) {
        this.sheet = sheet;
        this.owner = owner;
    }

    SpriteSheet sheet() {
        return sheet;
    }

    SpriteTalkingHead owner() {
        return owner;
    }

    @Override
    public String id() {
        return sheet.name();
    }

    @Override
    public int width() {
        return sheet.width();
    }

    @Override
    public int height() {
        return sheet.height();
    }

    @Override
    public int fps() {
        return sheet.fps();
    }

    @Override
    public String toString() {
        return "SpriteAvatar[" + id() + " " + width() + "x" + height() + " @" + fps() + " fps]";
    }
}
