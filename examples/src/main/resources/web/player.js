// The avatar's live stream in the page: fragmented MP4 read from one long response with fetch() and appended to a
// Media Source Extensions buffer as it arrives. The session is live, so the stream never stops: idle frames
// between answers, each answer in step with the wall clock. The player
//  - keeps the playhead near the live edge while the avatar idles (a little faster, or a jump when far behind),
//  - jumps to an answer's first frame as soon as it is buffered (no idle frames played before it),
//  - on stop (the button, or a new question over an answer) removes what is buffered of the answer beyond the
//    playhead, seeks in place so the decoders drop what they hold, and keeps the rest of the answer out with the
//    append window until its end is known; then it goes on with the idle frames that follow.
// Times are media seconds on the stream's timeline (the `segment` events' start and duration use the same one).
'use strict';

class LivePlayer {
  /**
   * @param video  the <video> element
   * @param hooks  {error(message), frame(mediaTime, presentedAt)}: a stream that cannot be played, each rendered
   *               frame. A stream that ends is not reported: the server ends it when it closes the session or
   *               replaces it (a new avatar or voice), and the page hears of both on its event stream.
   */
  constructor(video, hooks) {
    this.video = video;
    this.hooks = hooks;
    this.stream = null;     // {generation, abort, source, buffer, ops}
    this.turns = {};        // turn id -> {start, end, ended, cut}
    this.fps = 25;
    this.answering = false; // set by the page: a turn runs or is about to, so no catching up over idle frames
    this.jumpTo = null;     // a media time to seek to once it is buffered
    this.watchFrames();
  }

  /** Starts the stream of session generation `generation` from `url`, replacing any other. */
  start(url, generation) {
    if (this.stream) {
      this.stream.abort.abort();
    }
    const source = new MediaSource();
    const stream = {generation, abort: new AbortController(), source, buffer: null, ops: [], windowStart: 0,
      broken: false, trimming: false};
    this.stream = stream;
    this.turns = {};
    this.jumpTo = null;
    this.video.src = URL.createObjectURL(source);
    source.addEventListener('sourceopen', () => this.read(stream, url), {once: true});
  }

  async read(stream, url) {
    const response = await fetch(url, {signal: stream.abort.signal}).catch(() => null);
    if (!response || !response.ok) {
      return; // replaced by a newer stream, or the server is gone (the event stream says so)
    }
    const mime = 'video/mp4; codecs="' + response.headers.get('X-Codecs') + '"';
    if (!MediaSource.isTypeSupported(mime)) {
      this.hooks.error('This browser cannot play ' + mime + ' through Media Source Extensions.');
      return;
    }
    try {
      const buffer = stream.source.addSourceBuffer(mime);
      buffer.mode = 'segments';
      stream.buffer = buffer;
      buffer.addEventListener('updateend', () => this.afterUpdate(stream));
      const reader = response.body.getReader();
      for (;;) {
        const {value, done} = await reader.read();
        if (done) {
          break;
        }
        stream.ops.push(() => {
          buffer.appendBuffer(value);
          return true;
        });
        this.pump(stream);
      }
    } catch (e) {
      // Aborted for a newer stream (AbortError) or cut off with the server (TypeError): nothing to say here.
      if (e.name !== 'AbortError' && e.name !== 'TypeError' && this.stream === stream) {
        this.hooks.error('The video stream could not be played: ' + e.message);
      }
    }
  }

  /** Runs queued buffer operations until one has to wait for `updateend` (an op returns true when it does). */
  pump(stream) {
    const buffer = stream.buffer;
    while (buffer && this.stream === stream && !stream.broken && !buffer.updating && stream.ops.length) {
      try {
        if (stream.ops.shift()()) {
          return;
        }
      } catch (e) {
        if (stream.source.readyState !== 'open') {
          stream.broken = true; // the browser gave up on this stream (it could not decode it): say so once
        }
        this.hooks.error('The video could not be buffered: ' + e.message);
      }
    }
  }

  afterUpdate(stream) {
    if (this.stream !== stream) {
      return;
    }
    this.steer();
    // A live stream never ends: drop what was played more than half a minute ago, or the buffer fills up.
    const ranges = this.video.buffered;
    if (ranges.length && this.video.currentTime - ranges.start(0) > 40 && !stream.trimming) {
      stream.trimming = true;
      stream.ops.push(() => {
        stream.trimming = false;
        stream.buffer.remove(0, Math.max(0.001, this.video.currentTime - 30));
        return true;
      });
    }
    this.pump(stream);
  }

  // ---- what the page tells the player ----

  /** A segment of turn `id` was cut: [start, start + duration) on the stream's timeline. */
  segment(id, start, duration) {
    const t = this.turn(id);
    const first = t.start === null;
    t.start = first ? start : Math.min(t.start, start);
    t.end = Math.max(t.end === null ? start : t.end, start + duration);
    if (first && t.cut === null && this.video.currentTime < start - 0.02) {
      this.jumpTo = start; // skip the idle frames still ahead of the playhead: the answer starts now
    }
    this.steer();
  }

  /**
   * Stops playing turn `id` now: what is buffered beyond the playhead goes, and so does whatever of it still
   * arrives, until `ended(id)` says where it ends (at once when it has ended already but is still playing).
   */
  cut(id) {
    const stream = this.stream;
    const t = this.turn(id);
    if (!stream || t.cut !== null) {
      return;
    }
    t.cut = this.video.currentTime;
    this.jumpTo = null;
    // First in line, ahead of appends already queued: they hold more of the answer.
    stream.ops.unshift(() => {
      const buffer = stream.buffer;
      t.cut = Math.max(t.cut, this.video.currentTime);
      buffer.appendWindowEnd = Math.max(t.cut, stream.windowStart + 0.001);
      buffer.remove(t.cut, Infinity);
      return true;
    }, () => {
      // A seek where the playhead is drops the frames and audio the decoders already hold.
      this.video.currentTime = Math.min(this.video.currentTime, t.cut);
      return false;
    });
    if (t.ended) {
      this.release(stream, t);
    }
    this.pump(stream);
  }

  /** Turn `id` has ended (done, stopped or failed): its last segment has been announced. */
  ended(id) {
    const t = this.turn(id);
    t.ended = true;
    if (this.stream && t.cut !== null) {
      this.release(this.stream, t);
      this.pump(this.stream);
    } else {
      this.steer();
    }
  }

  /** Lets in again what follows cut-off turn `t`, now that its end is known, and goes on from there. */
  release(stream, t) {
    const end = t.end === null ? t.cut : Math.max(t.cut, t.end);
    stream.ops.push(() => {
      const buffer = stream.buffer;
      buffer.appendWindowEnd = Infinity;
      stream.windowStart = Math.max(stream.windowStart, end - 0.5 / this.fps);
      buffer.appendWindowStart = stream.windowStart;
      if (this.stillCutting()) {
        buffer.appendWindowEnd = Math.max(this.stillCutting().cut, stream.windowStart + 0.001);
      }
      if (stream.windowStart <= t.cut + 0.001) {
        return false;
      }
      buffer.remove(t.cut, stream.windowStart);
      return true;
    });
    this.jumpTo = this.jumpTo === null ? end : Math.max(this.jumpTo, end);
  }

  /** The end of the last answer played in full: catching up never skips any of it. */
  spokenUntil() {
    return Object.values(this.turns).reduce((at, t) => (t.cut === null && t.end !== null
        ? Math.max(at, t.end) : at), 0);
  }

  stillCutting() {
    return Object.values(this.turns).find((t) => t.cut !== null && !t.ended);
  }

  turn(id) {
    if (!this.turns[id]) {
      this.turns[id] = {start: null, end: null, ended: false, cut: null};
    }
    return this.turns[id];
  }

  /** The media time of the playhead. */
  position() {
    return this.video.currentTime;
  }

  /** Media seconds buffered beyond the playhead. */
  ahead() {
    const r = this.video.buffered;
    return r.length ? Math.max(0, r.end(r.length - 1) - this.video.currentTime) : 0;
  }

  // ---- keeping the playhead where it should be ----

  steer() {
    const video = this.video;
    const ranges = video.buffered;
    if (!ranges.length || this.stillCutting()) {
      return; // nothing to play, or an answer is being cut off: hold still until its end is known
    }
    const now = video.currentTime;
    if (this.jumpTo !== null) {
      const to = firstAtOrAfter(ranges, this.jumpTo - 0.01);
      if (to !== null) {
        if (to > now + 0.01 || !inside(ranges, now)) {
          video.currentTime = to;
        }
        this.jumpTo = null;
      }
    } else if (!inside(ranges, now)) {
      const to = firstAtOrAfter(ranges, now); // across a gap (a dropped fragment, a cut answer)
      if (to !== null) {
        video.currentTime = to;
      }
    } else if (!this.answering && now >= this.spokenUntil() - 0.01) {
      // Idle frames only ahead: stay near the live edge, gently, or with a jump when far behind.
      const live = ranges.end(ranges.length - 1);
      if (live - now > 1.5) {
        video.currentTime = Math.max(live - 0.3, this.spokenUntil());
      }
      video.playbackRate = live - now > 0.5 ? 1.1 : 1;
    } else {
      video.playbackRate = 1;
    }
    if (video.paused) {
      video.play().catch(() => {});
    }
  }

  /** Steers when playback runs out of data, and reports every rendered frame (requestVideoFrameCallback). */
  watchFrames() {
    const video = this.video;
    video.addEventListener('waiting', () => this.steer());
    if (!('requestVideoFrameCallback' in HTMLVideoElement.prototype)) {
      return;
    }
    const onFrame = (now, meta) => {
      this.hooks.frame(meta.mediaTime, meta.presentationTime || now);
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
  }
}

function inside(ranges, t) {
  for (let i = 0; i < ranges.length; i++) {
    if (t >= ranges.start(i) - 0.01 && t < ranges.end(i) - 0.01) {
      return true;
    }
  }
  return false;
}

/** The earliest buffered time at or after `t`, or null. */
function firstAtOrAfter(ranges, t) {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.end(i) > t + 0.01) {
      return Math.max(ranges.start(i), t);
    }
  }
  return null;
}
