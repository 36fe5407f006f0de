// The avatar over WebRTC: one RTCPeerConnection per tab, signalled WHIP-style (the page POSTs its offer, with
// every ICE candidate, to the server's /api/webrtc/<sid> and sets the answer it gets back). Video is received,
// audio sent (the microphone, when the user allows it) and received (the avatar's voice). The server's live
// session paces what it sends, so there is nothing to steer here: Stop and a new question are done by the server
// cancelling the turn, and the stream goes on with idle frames by itself.
//
// Same surface as LivePlayer (player.js) for app.js: start, segment, cut, ended, turns, answering, fps, ahead,
// position. A rendered WebRTC frame has no time on the session's timeline, so frames are matched to turns only
// when the server stamps each frame's index into the picture (tests and measurements; see FrameIndexStamp).
'use strict';

class RtcPlayer {
  /**
   * @param video  the <video> element
   * @param hooks  {error(message), frame(mediaTime, presentedAt)}: mediaTime is null when frames are not stamped
   */
  constructor(video, hooks) {
    this.video = video;
    this.hooks = hooks;
    this.turns = {};
    this.fps = 25;
    this.answering = false;
    this.retroactive = true; // frames show before their segment events: app.js looks at them again
    this.stamped = false;    // frames carry their index (FrameIndexStamp): 16 blocks, 1/32 of the frame each
    this.pc = null;
    this.microphone = null;  // the local audio track, when the user allowed it
    this.micProblem = null;  // why there is no microphone
    this.location = null;    // the peer's WHIP resource, for DELETE
    this.lastMediaTime = 0;
    this.canvas = null;
  }

  /**
   * Connects to `whipUrl`; resolves once the first remote frame is rendered, rejects when that takes longer than
   * `timeoutMs` or signalling fails. `micMuted` starts with the microphone track disabled.
   */
  async connect(whipUrl, timeoutMs, micMuted) {
    const pc = new RTCPeerConnection();
    this.pc = pc;
    pc.addTransceiver('video', {direction: 'recvonly'});
    try {
      const stream = await navigator.mediaDevices.getUserMedia({audio: {channelCount: 1, echoCancellation: true,
        noiseSuppression: true, autoGainControl: true}});
      this.microphone = stream.getAudioTracks()[0];
      this.microphone.enabled = !micMuted;
      pc.addTransceiver(this.microphone, {direction: 'sendrecv', streams: [stream]});
    } catch (e) {
      this.micProblem = e.name === 'NotAllowedError' ? 'you did not allow the microphone' : e.message;
      pc.addTransceiver('audio', {direction: 'recvonly'});
    }
    const firstFrame = new Promise((resolve) => {
      pc.ontrack = (e) => {
        if (e.track.kind === 'video') {
          this.video.srcObject = e.streams[0] || new MediaStream([e.track]);
          this.video.play().catch(() => {});
          this.watchFrames(resolve);
        }
      };
    });
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, 2000);
    const response = await fetch(whipUrl, {method: 'POST', headers: {'Content-Type': 'application/sdp'},
      body: pc.localDescription.sdp});
    if (response.status !== 201) {
      throw new Error('the server refused the WebRTC offer (' + response.status + '): ' + await response.text());
    }
    this.location = response.headers.get('Location');
    await pc.setRemoteDescription({type: 'answer', sdp: await response.text()});
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('no video within ' + timeoutMs / 1000 + ' s')), timeoutMs);
    });
    try {
      await Promise.race([firstFrame, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the connection and tells the server (a DELETE of the peer's resource). */
  close() {
    if (this.pc) {
      this.pc.close();
      this.pc = null;
    }
    if (this.microphone) {
      this.microphone.stop();
    }
    if (this.location) {
      fetch(this.location, {method: 'DELETE'}).catch(() => {});
      this.location = null;
    }
  }

  /** Mutes or unmutes the microphone (the track sends silence while disabled); returns whether it is muted. */
  setMuted(muted) {
    if (this.microphone) {
      this.microphone.enabled = !muted;
    }
    return !this.microphone || !this.microphone.enabled;
  }

  /** The WebRTC stream carries every generation of the session: only the bookkeeping starts anew. */
  start() {
    this.turns = {};
  }

  segment(id, start, duration) {
    const t = this.turn(id);
    t.start = t.start === null ? start : Math.min(t.start, start);
    t.end = Math.max(t.end === null ? start : t.end, start + duration);
  }

  /** The server cuts the answer off (the page posts Stop); here it is only noted where the playhead was. */
  cut(id) {
    const t = this.turn(id);
    if (t.cut === null) {
      t.cut = this.position();
    }
  }

  ended(id) {
    this.turn(id).ended = true;
  }

  turn(id) {
    if (!this.turns[id]) {
      this.turns[id] = {start: null, end: null, ended: false, cut: null};
    }
    return this.turns[id];
  }

  /** Nothing is buffered ahead: the browser's jitter buffer plays as frames come. */
  ahead() {
    return 0;
  }

  /** The session's media time of the frame on screen (when frames are stamped). */
  position() {
    return this.lastMediaTime;
  }

  watchFrames(firstFrame) {
    const video = this.video;
    const onFrame = (now, meta) => {
      let mediaTime = null;
      if (this.stamped) {
        const index = this.readStamp(meta.width || video.videoWidth, meta.height || video.videoHeight);
        if (index !== null) {
          mediaTime = index / this.fps;
          this.lastMediaTime = mediaTime;
        }
      }
      firstFrame();
      this.hooks.frame(mediaTime, meta.presentationTime || now);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }

  /** The frame index stamped along the bottom-left edge of the frame on screen, or null. */
  readStamp(width, height) {
    if (!width || !height) {
      return null;
    }
    const bw = width / 32;
    const bh = height / 32;
    if (!this.canvas) {
      this.canvas = document.createElement('canvas');
      this.context = this.canvas.getContext('2d', {willReadFrequently: true});
    }
    const stripW = Math.ceil(16 * bw);
    const stripH = Math.ceil(bh);
    this.canvas.width = stripW;
    this.canvas.height = stripH;
    this.context.drawImage(this.video, 0, height - stripH, stripW, stripH, 0, 0, stripW, stripH);
    const pixels = this.context.getImageData(0, 0, stripW, stripH).data;
    const y = Math.floor(stripH / 2);
    let index = 0;
    for (let bit = 0; bit < 16; bit++) {
      const x = Math.floor((bit + 0.5) * bw);
      const at = (y * stripW + x) * 4;
      if (pixels[at] + pixels[at + 1] + pixels[at + 2] > 3 * 128) {
        index |= 1 << bit;
      }
    }
    return index;
  }
}

/** Resolves when `pc` has gathered its ICE candidates (the offer then carries them all), or after `maxMs`. */
function gathered(pc, maxMs) {
  if (pc.iceGatheringState === 'complete') {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
