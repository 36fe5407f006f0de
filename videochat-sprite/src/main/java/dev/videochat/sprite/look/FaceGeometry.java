package dev.videochat.sprite.look;

/** Where a drawn avatar's face and features lie, in frame pixels (at zero sway). */
record FaceGeometry(double cx, double cy, double faceW, double faceH, double eyeY, double eyeDx, double eyeW,
                    double eyeH, double mouthY, double mouthW) {

    static FaceGeometry of(DrawnStyle s) {
        double faceW = s.faceWidth() * s.width();
        double faceH = s.faceHeight() * s.height();
        double cx = s.width() / 2.0;
        double cy = s.faceCenterY() * s.height();
        double top = cy - faceH / 2;
        double eyeW = s.eyeSize() * faceW;
        return new FaceGeometry(cx, cy, faceW, faceH, top + s.eyeY() * faceH, s.eyeSpacing() * faceW / 2, eyeW,
                eyeW * 0.62, top + s.mouthY() * faceH, s.mouthWidth() * faceW);
    }

    double top() {
        return cy - faceH / 2;
    }

    double bottom() {
        return cy + faceH / 2;
    }
}
