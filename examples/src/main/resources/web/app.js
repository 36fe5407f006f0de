// The VideoChat web demo page. One session per page load (its id travels as ?sid=), events over server-sent
// events, and the avatar's live video and voice over WebRTC (rtc.js), the microphone going back the same way and
// listened to hands-free by the server. With ?transport=mse, or when WebRTC does not connect, the video comes as
// fragmented MP4 over one long-lived response instead, played by player.js.
// window.videochat exposes the page's state to tests.
'use strict';

const $ = (id) => document.getElementById(id);
const video = $('video');
const state = {
  sid: null,
  generation: 0,
  chat: false,
  asr: false,
  fragments: 0,        // fMP4 fragments of answers announced for the current stream
  turns: {},           // turn id -> {status, bubble, text, sentAt, firstFrameAt, stopAt, lastSpeechAt, idleAt, ...}
  watching: [],        // the latest turn ids, whose frames onFrame looks for
  currentTurn: null,
  phase: 'idle',       // 'answering' from a question to the end of its answer, else 'idle'
  connection: 'connecting', // then 'open'; 'full' (the server's tab limit) or 'gone' (the server went away)
  finished: [],        // ids of ended turns, in order
  frames: 0,           // frames rendered (requestVideoFrameCallback)
  lastFrame: null,     // {mediaTime, at}: the last frame rendered, at performance.now() time
  errors: [],
  transport: null,     // 'webrtc' or 'mse', once chosen
  history: [],
  notes: [],           // what the page itself says in the notice (the transport, the microphone)         // [mediaTime, at] of the frames rendered lately (WebRTC, stamped frames only)
  voice: 'off',        // what the microphone hears: 'off', 'muted', 'listening', 'speaking', 'answering'
  voiceEvents: [],     // the server's voice events, each with `receivedAt` (performance.now())
  bargedIn: [],        // ids of turns the user talked over
  micOnsets: [],       // performance.now() of each onset of sound in the microphone track as sent (rtc.js)
};
window.videochat = state;

function api(path, params) {
  const q = new URLSearchParams(Object.assign({sid: state.sid}, params || {}));
  return '/api/' + path + '?' + q;
}

function showStatus(message) {
  const el = $('status');
  el.textContent = message || '';
  el.hidden = !message;
  if (message) {
    state.errors.push(message);
  }
}

/** Says, once, that the server is gone; cleared when the event stream comes back. */
function serverGone(what) {
  if (state.connection === 'gone' || state.connection === 'full') {
    return;
  }
  state.connection = 'gone';
  showStatus('The server has gone away (' + what + '). Reload the page once it is running again.');
}

async function post(path, params, body, type) {
  const init = {method: 'POST'};
  if (body !== undefined) {
    init.body = body;
    init.headers = {'Content-Type': type || 'text/plain; charset=utf-8'};
  }
  let response;
  try {
    response = await fetch(api(path, params), init);
  } catch (e) {
    serverGone('it does not answer');
    throw new Error('The server does not answer: reload the page once it is running again.');
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : {};
  if (!response.ok) {
    throw new Error(data.error || ('HTTP ' + response.status));
  }
  return data;
}

// ---- session and pickers ----

function fillPicker(select, items, selected) {
  select.replaceChildren(...items.map((item) => {
    const option = document.createElement('option');
    option.value = item.id;
    option.textContent = item.label;
    option.selected = item.id === selected;
    return option;
  }));
  select.disabled = items.length < 2;
}

function applySession(s) {
  state.chat = s.chat;
  state.asr = s.asr;
  state.listening = s.listening;
  state.stamped = s.stamped;
  state.fps = s.fps || 25;
  fillPicker($('avatar'), s.avatars.map((a) => ({id: a, label: a})), s.avatar);
  fillPicker($('voice'), s.voices.map((v) => ({id: v.id, label: v.id + ' (' + v.language + ')'})), s.voice);
  state.serverNotice = s.notice;
  showNotice();
  $('text').placeholder = s.chat ? 'Ask a question…' : 'Type something for the avatar to say…';
  $('media-info').textContent = s.avatar + ', ' + s.width + '×' + s.height + ' @ ' + s.fps + ' fps, voice ' + s.voice;
  if (s.generation !== state.generation) {
    state.generation = s.generation;
    state.watching = [];
    if (player) {
      player.fps = state.fps;
      player.start(api('media', {gen: s.generation}), s.generation);
    }
  }
}

async function changeOptions() {
  try {
    applySession(await post('options', {avatar: $('avatar').value, voice: $('voice').value}));
    showStatus('');
  } catch (e) {
    showStatus(e.message);
  }
}

// ---- media: the live stream (player.js) and what the page measures of it ----

let player = null; // RtcPlayer (rtc.js) or LivePlayer (player.js), chosen in start()
video.muted = true; // a muted video may play before the user has touched the page; sound comes with the first send

function unmute() {
  video.muted = false;
  video.play().catch(() => {});
}

/**
 * Each rendered frame (requestVideoFrameCallback): notes when a turn's first frame shows, and, for a stopped
 * turn, its last frame of speech and its first idle frame after. Tests and the README's measurements read these
 * from window.videochat.turns.
 *
 * Over WebRTC a frame is often on screen before the server has cut the fragment that tells where its answer
 * starts and ends (the `segment` events), so rendered frames are kept for a while and looked at again as those
 * events arrive (`player.retroactive`).
 */
function onFrame(mediaTime, at) {
  state.frames++;
  state.lastFrame = {mediaTime, at};
  if (mediaTime === null) {
    return; // a WebRTC frame without a stamp: it cannot be told apart from others
  }
  if (player.retroactive) {
    state.history.push([mediaTime, at]);
    if (state.history.length > 1500) {
      state.history.splice(0, 500); // a minute at 25 fps
    }
  }
  classify(mediaTime, at, true);
}

/** Notes what the frame at `mediaTime`, rendered at `at`, was; `live` when it is the frame just rendered. */
function classify(mediaTime, at, live) {
  for (const id of state.watching) {
    const t = state.turns[id];
    const p = player.turns[id];
    if (!p || p.start === null) {
      continue;
    }
    const speech = mediaTime >= p.start - 0.001 && (p.end === null || mediaTime < p.end - 0.001);
    if (speech) {
      if (t.firstFrameAt === null || at < t.firstFrameAt) {
        t.firstFrameAt = at;
      }
      t.lastSpeechAt = Math.max(t.lastSpeechAt === null ? at : t.lastSpeechAt, at);
      if (live && t.stopAt !== null && mediaTime > t.stopMediaTime + 2 / player.fps) {
        t.speechAfterCut++; // a frame of the answer beyond where the playhead was when it was stopped
      }
    } else if (t.stopAt !== null && p.ended && (t.idleAt === null || at < t.idleAt) && at >= t.stopAt
        && mediaTime >= (p.end === null ? p.cut : p.end) - 0.001) {
      t.idleAt = at; // the first frame after the stopped answer's end
    }
  }
}

/** Looks again at the frames kept (WebRTC), now that a turn's span is better known. */
function reclassify() {
  if (player && player.retroactive) {
    for (const [mediaTime, at] of state.history) {
      classify(mediaTime, at, false);
    }
  }
}

/** Cuts off the answer the avatar is giving (or still playing out) as the user stops it or asks again. */
function interrupt() {
  const id = state.currentTurn || playingTurn();
  if (id && turn(id).stopAt === null) {
    turn(id).stopAt = performance.now();
    turn(id).stopMediaTime = player.position();
    player.cut(id);
  }
  return id;
}

/** The turn whose media is at the playhead, if any. */
function playingTurn() {
  const now = player.position();
  return state.watching.find((id) => {
    const p = player.turns[id];
    return p && p.start !== null && now >= p.start && (p.end === null || now < p.end);
  }) || null;
}

// ---- transcript and latency tables ----

function bubble(kind, text, meta) {
  const li = document.createElement('li');
  li.className = kind;
  li.textContent = text;
  if (meta) {
    const span = document.createElement('span');
    span.className = 'meta';
    span.textContent = meta;
    li.append(span);
  }
  $('transcript').append(li);
  li.scrollIntoView({block: 'nearest'});
  return li;
}

function turn(id) {
  if (!state.turns[id]) {
    state.turns[id] = {status: 'running', bubble: null, text: '', sentAt: null, firstFrameAt: null, stopAt: null,
      stopMediaTime: null, lastSpeechAt: null, idleAt: null, speechAfterCut: 0};
    state.watching = state.watching.concat(id).slice(-8);
  }
  return state.turns[id];
}

function seconds(v) {
  return v === null || v === undefined ? '–' : v.toFixed(3);
}

function latencyTable(id, status, metrics) {
  const table = document.createElement('table');
  table.className = 'latency-table';
  table.dataset.turn = id;
  const caption = table.createCaption();
  caption.textContent = 'Turn ' + id.replace(/^.*-t/, '') + ' (' + status + '): first-packet latency '
      + seconds(metrics.firstPacketLatency) + ' s, total ' + seconds(metrics.total) + ' s, media '
      + seconds(metrics.media) + ' s';
  const head = table.createTHead().insertRow();
  for (const name of ['#', 'media', 'llm', 'tts', 'thg', 'mux', 'cost', 'text']) {
    const th = document.createElement('th');
    th.textContent = name;
    head.append(th);
  }
  const body = table.createTBody();
  for (const p of metrics.packets) {
    const row = body.insertRow();
    for (const v of [p.index, seconds(p.media), seconds(p.llm), seconds(p.tts), seconds(p.thg), seconds(p.mux),
      seconds(p.cost)]) {
      row.insertCell().textContent = v;
    }
    const text = row.insertCell();
    text.className = 'text';
    text.textContent = p.text;
    text.title = p.text;
  }
  const box = document.createElement('div');
  box.className = 'turn-latency';
  box.append(table);
  if (metrics.waterfall && metrics.waterfall.length) {
    box.append(drawWaterfall(id, metrics.waterfall, metrics.total));
  }
  const section = $('latency');
  if (section.hidden) {
    section.querySelector('h2').after(waterfallLegend());
    section.hidden = false;
  }
  section.querySelector('.waterfall-legend').after(box); // newest first
}

function ended(id, status, data) {
  const t = turn(id);
  t.status = status;
  t.firstPacketLatency = data.metrics.firstPacketLatency;
  state.finished.push(id);
  if (state.currentTurn === id) {
    state.currentTurn = null;
  }
  if (status === 'failed') {
    bubble('error', data.error);
  } else if (status === 'cancelled' && t.bubble) {
    t.bubble.querySelector('.meta').textContent = t.bargedInAt !== undefined ? 'stopped: you talked over it'
        : 'stopped';
  } else if (t.bubble) {
    t.bubble.querySelector('.meta').textContent = '';
  }
  settle();
  player.ended(id);
  reclassify();
  latencyTable(id, status, data.metrics);
}

function openEvents() {
  const events = new EventSource(api('events'));
  const on = (name, handler) => events.addEventListener(name, (e) => handler(JSON.parse(e.data)));
  on('session', applySession);
  on('user', (d) => bubble('user', d.text, d.spoken ? 'spoken as typed' : ''));
  on('turn', (d) => {
    if (turn(d.turn).status === 'running') {
      state.currentTurn = d.turn;
      settle();
    }
  });
  on('transcribed', (d) => bubble('user', d.text, 'heard'));
  on('packet', (d) => {
    const t = turn(d.turn);
    t.text += d.text;
    if (!t.bubble) {
      t.bubble = bubble('avatar', '', '…');
      t.bubble.prepend(document.createTextNode(''));
    }
    t.bubble.firstChild.textContent = t.text;
  });
  on('segment', (d) => {
    if (d.format === 'FMP4_FRAGMENT') {
      const t = turn(d.turn);
      if (t.firstSegmentAt === undefined) {
        t.firstSegmentAt = performance.now(); // when the page heard of the answer's first fragment
      }
      state.fragments++;
      player.segment(d.turn, d.start, d.duration);
      reclassify();
    }
  });
  on('done', (d) => ended(d.turn, 'done', d));
  on('failed', (d) => ended(d.turn, 'failed', d));
  on('cancelled', (d) => ended(d.turn, 'cancelled', d));
  on('voice', heard);
  on('peer', (d) => {
    state.peer = d.state;
    if (d.state === 'failed') {
      showStatus('The WebRTC connection was lost: reload the page (or open it with ?transport=mse).');
    }
  });
  events.onopen = () => {
    if (state.connection === 'gone') {
      showStatus(''); // it was a passing break: the stream is back
    }
    state.connection = 'open';
  };
  // The browser retries a broken event stream on its own; a stopped server refuses the retries, and one that
  // restarted no longer knows the session (404, and the browser gives up).
  events.onerror = () => serverGone(events.readyState === EventSource.CLOSED
      ? 'it no longer knows this conversation' : 'the event stream closed');
}

// ---- input: text, microphone, stop ----

async function send(event) {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) {
    return;
  }
  await ask(() => post('say', {}, text), () => {
    $('text').value = '';
  });
}

/**
 * Asks a question (`request` posts it): the answer being given is cut off at once (the server cancels it when
 * the new turn starts), and the new answer plays as soon as its first fragment is here.
 */
async function ask(request, accepted) {
  const sentAt = performance.now();
  unmute(); // inside the click: allowed to start sound
  interrupt();
  asking++;
  settle();
  try {
    const r = await request();
    const t = turn(r.turn);
    t.sentAt = sentAt;
    if (t.status === 'running') {
      state.currentTurn = r.turn;
    }
    accepted();
    showStatus('');
  } catch (e) {
    showStatus(e.message);
  } finally {
    asking--;
    settle();
  }
}

let asking = 0; // questions sent whose turn the server has not named yet

/** The page is answering from a question until the end of its answer, idle otherwise. */
function settle() {
  const answering = asking > 0 || state.currentTurn !== null;
  state.phase = answering ? 'answering' : 'idle';
  player.answering = answering;
}

/** Stops the answer: the page drops what it holds of it now, the server cancels the turn. */
async function stop() {
  interrupt();
  try {
    await post('stop');
  } catch (e) {
    showStatus(e.message);
  }
}

const recorder = {context: null, stream: null, node: null, chunks: []};

async function toggleMic() {
  const button = $('mic');
  if (recorder.context) {
    button.classList.remove('recording');
    button.textContent = '🎤 Record';
    const wav = encodeWav(recorder.chunks, recorder.context.sampleRate);
    recorder.stream.getTracks().forEach((t) => t.stop());
    recorder.node.disconnect();
    await recorder.context.close();
    recorder.context = null;
    await ask(() => post('ask', {}, wav, 'audio/wav'), () => {});
    return;
  }
  try {
    recorder.stream = await navigator.mediaDevices.getUserMedia({audio: {channelCount: 1}});
  } catch (e) {
    showStatus('The microphone is not available: ' + e.message);
    return;
  }
  // The audio context resamples the microphone to 16 kHz, the rate speech recognizers take.
  recorder.context = new AudioContext({sampleRate: 16000});
  const input = recorder.context.createMediaStreamSource(recorder.stream);
  recorder.node = recorder.context.createScriptProcessor(4096, 1, 1);
  recorder.chunks = [];
  recorder.node.onaudioprocess = (e) => recorder.chunks.push(new Float32Array(e.inputBuffer.getChannelData(0)));
  input.connect(recorder.node);
  recorder.node.connect(recorder.context.destination);
  button.classList.add('recording');
  button.textContent = '● Send recording';
}

/** 16-bit mono WAV of Float32 chunks. */
function encodeWav(chunks, rate) {
  const count = chunks.reduce((n, c) => n + c.length, 0);
  const view = new DataView(new ArrayBuffer(44 + count * 2));
  const text = (at, s) => [...s].forEach((ch, i) => view.setUint8(at + i, ch.charCodeAt(0)));
  text(0, 'RIFF');
  view.setUint32(4, 36 + count * 2, true);
  text(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, rate, true);
  view.setUint32(28, rate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, 'data');
  view.setUint32(40, count * 2, true);
  let at = 44;
  for (const chunk of chunks) {
    for (const v of chunk) {
      view.setInt16(at, Math.max(-1, Math.min(1, v)) * 0x7fff, true);
      at += 2;
    }
  }
  return new Blob([view.buffer], {type: 'audio/wav'});
}

async function start() {
  $('ask').addEventListener('submit', send);
  $('stop').addEventListener('click', stop);
  $('mic').addEventListener('click', toggleMic);
  $('mute').addEventListener('click', toggleMute);
  $('avatar').addEventListener('change', changeOptions);
  $('voice').addEventListener('change', changeOptions);
  let response;
  let session;
  try {
    response = await fetch('/api/session', {method: 'POST'});
  } catch (e) {
    serverGone('it does not answer');
    return;
  }
  try {
    session = await response.json();
  } catch (e) {
    session = {error: 'HTTP ' + response.status};
  }
  if (response.status === 503) {
    state.connection = 'full';
    showStatus('The server has reached its limit of open tabs: ' + session.error + '.');
    return;
  }
  if (!response.ok) {
    showStatus('Could not open a session: ' + session.error);
    return;
  }
  state.sid = session.sid;
  state.connection = 'open';
  applySession(session);
  await chooseTransport(session);
  openEvents(); // events sent meanwhile wait on the server
  // Close the session at once when the tab goes away; the server's timeout is the safety net.
  window.addEventListener('pagehide', () => navigator.sendBeacon(api('close')));
}

/**
 * WebRTC unless the page asks for ?transport=mse or the server has no WebRTC; WebRTC that does not show a frame
 * within a few seconds falls back to MSE, saying so. ?mic=off starts with the microphone muted.
 */
async function chooseTransport(session) {
  const query = new URLSearchParams(location.search);
  const hooks = {error: showStatus, frame: onFrame};
  if (session.webrtc && query.get('transport') !== 'mse') {
    const rtc = new RtcPlayer(video, hooks);
    rtc.fps = state.fps;
    rtc.stamped = !!state.stamped;
    player = rtc;
    window.videochatPlayer = player;
    try {
      await rtc.connect(session.webrtc, 5000, query.get('mic') === 'off');
      state.transport = 'webrtc';
      $('mic').hidden = true; // hands-free instead of recordings
      if (rtc.microphone) {
        $('mute').hidden = false;
        $('mute').textContent = rtc.microphone.enabled ? '🎙 Mute' : '🔇 Unmute';
        watchMicrophone(rtc.microphone);
        showVoice(restingVoice());
        if (!state.listening) {
          showNote('The server does not listen to the microphone (no voice activity detector): type instead.');
        }
      } else {
        showNote('No microphone (' + rtc.micProblem + '): you see and hear the avatar; type your questions.');
      }
      window.addEventListener('pagehide', () => rtc.close());
      return;
    } catch (e) {
      rtc.close();
      video.srcObject = null;
      showNote('WebRTC did not connect (' + e.message + '), so the video comes over HTTP (MSE) instead, and '
          + 'the microphone only records questions.');
    }
  }
  state.transport = 'mse';
  player = new LivePlayer(video, hooks);
  player.fps = state.fps;
  window.videochatPlayer = player;
  player.start(api('media', {gen: state.generation}), state.generation);
}

/** Adds a line of the page's own (about the transport and the microphone) to the notice above the page. */
function showNote(text) {
  state.notes.push(text);
  showNotice();
}

/** The server's notice (no LLM, ...) followed by the page's own notes. */
function showNotice() {
  const text = [state.serverNotice].concat(state.notes).filter((line) => line).join(' ');
  $('notice').textContent = text;
  $('notice').hidden = !text;
}

start();
