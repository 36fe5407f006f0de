// Hands-free, over WebRTC: what the server hears through the microphone (its `voice` events) shown on the page,
// the mute toggle, and the onsets of sound in the microphone track (for the barge-in measurement). Uses app.js's
// state, player and helpers, which are there by the time any of these runs.
'use strict';

const VOICE_LABELS = {
  off: '', muted: '🔇 microphone muted: talk freely, the avatar does not hear you',
  listening: '👂 listening', speaking: '🗣 you are speaking', answering: '💬 answering',
};

function showVoice(voice) {
  state.voice = voice;
  const el = $('voice-state');
  el.textContent = VOICE_LABELS[voice];
  el.dataset.state = voice;
  el.hidden = !VOICE_LABELS[voice];
}

/** The mic's own state when nothing is being said: muted, or listening. */
function restingVoice() {
  return player && player.microphone && !player.microphone.enabled ? 'muted' : 'listening';
}

function heard(d) {
  d.receivedAt = performance.now();
  state.voiceEvents.push(d);
  if (d.kind === 'speechStarted') {
    showVoice('speaking');
  } else if (d.kind === 'speechEnded' || d.kind === 'noiseIgnored') {
    showVoice(restingVoice());
  } else if (d.kind === 'answering') {
    showVoice('answering');
  } else if (d.kind === 'bargedIn') {
    state.bargedIn.push(d.turn);
    const t = turn(d.turn);
    t.bargedInAt = d.receivedAt;
    if (t.bubble) {
      t.bubble.querySelector('.meta').textContent = 'stopped: you talked over it';
    }
  } else if (d.kind === 'unanswered') {
    showVoice(restingVoice());
    bubble('error', state.asr ? 'What you said was not answered: ' + d.reason
        : 'No speech recognizer is configured, so what you say is not answered: set VIDEOCHAT_ASR=funasr (with a '
        + 'FunASR server at VIDEOCHAT_ASR_URL) and VIDEOCHAT_LLM to talk hands-free; talking over the avatar '
        + 'still stops it.');
  }
}

function toggleMute() {
  const muted = player.setMuted(player.microphone.enabled);
  $('mute').textContent = muted ? '🔇 Unmute' : '🎙 Mute';
  $('mute').setAttribute('aria-pressed', String(muted));
  showVoice(restingVoice());
}

/**
 * Notes each onset of sound in the microphone track as it is sent (muting silences it), for the barge-in
 * measurement: polled every 10 ms, an onset is a level over -40 dBFS after at least 300 ms under it.
 */
function watchMicrophone(track) {
  const context = new AudioContext();
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let quietSince = performance.now();
  let loud = false;
  setInterval(() => {
    analyser.getFloatTimeDomainData(samples);
    const rms = Math.sqrt(samples.reduce((sum, v) => sum + v * v, 0) / samples.length);
    const now = performance.now();
    if (rms > 0.01) {
      if (!loud && now - quietSince >= 300) {
        state.micOnsets.push(now);
      }
      loud = true;
    } else {
      if (loud) {
        quietSince = now;
      }
      loud = false;
    }
  }, 10);
}
