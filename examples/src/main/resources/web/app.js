// The VideoChat web demo page. One session per page load (its id travels as ?sid=), events over server-sent
// events, and the avatar's video as fragmented MP4 over one long-lived response, appended to a Media Source
// Extensions buffer as it arrives. window.videochat exposes the page's state to tests.
'use strict';

const $ = (id) => document.getElementById(id);
const video = $('video');
const state = {
  sid: null,
  generation: 0,
  chat: false,
  asr: false,
  fragments: 0,        // fMP4 fragments announced for the current stream
  bytes: 0,            // media bytes appended to the buffer
  turns: {},           // turn id -> {status, bubble, segmentsEnd}
  currentTurn: null,
  finished: [],        // ids of ended turns, in order
  stopAt: null,        // {turn, time}: media of that turn after this time is not played
  errors: [],
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

async function post(path, params, body, type) {
  const init = {method: 'POST'};
  if (body !== undefined) {
    init.body = body;
    init.headers = {'Content-Type': type || 'text/plain; charset=utf-8'};
  }
  const response = await fetch(api(path, params), init);
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
  fillPicker($('avatar'), s.avatars.map((a) => ({id: a, label: a})), s.avatar);
  fillPicker($('voice'), s.voices.map((v) => ({id: v.id, label: v.id + ' (' + v.language + ')'})), s.voice);
  $('notice').textContent = s.notice;
  $('notice').hidden = !s.notice;
  $('text').placeholder = s.chat ? 'Ask a question…' : 'Type something for the avatar to say…';
  $('media-info').textContent = s.avatar + ', ' + s.width + '×' + s.height + ' @ ' + s.fps + ' fps, voice ' + s.voice;
  if (s.generation !== state.generation) {
    state.generation = s.generation;
    startMedia(s.generation);
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

// ---- media: fetch() + ReadableStream into a SourceBuffer ----

let media = null; // {generation, abort, sourceBuffer, ops}

function startMedia(generation) {
  if (media) {
    media.abort.abort();
  }
  const source = new MediaSource();
  const current = {generation, abort: new AbortController(), sourceBuffer: null, ops: []};
  media = current;
  state.fragments = 0;
  state.bytes = 0;
  video.src = URL.createObjectURL(source);
  source.addEventListener('sourceopen', () => readMedia(current, source), {once: true});
}

async function readMedia(current, source) {
  try {
    const response = await fetch(api('media', {gen: current.generation}), {signal: current.abort.signal});
    if (!response.ok) {
      return; // replaced by a newer stream
    }
    const mime = 'video/mp4; codecs="' + response.headers.get('X-Codecs') + '"';
    if (!MediaSource.isTypeSupported(mime)) {
      showStatus('This browser cannot play ' + mime + ' through Media Source Extensions.');
      return;
    }
    const buffer = source.addSourceBuffer(mime);
    buffer.mode = 'segments';
    current.sourceBuffer = buffer;
    buffer.addEventListener('updateend', () => afterUpdate(current));
    const reader = response.body.getReader();
    for (;;) {
      const {value, done} = await reader.read();
      if (done) {
        break;
      }
      current.ops.push({append: value});
      pump(current);
    }
  } catch (e) {
    if (e.name !== 'AbortError') {
      showStatus('The video stream broke off: ' + e.message);
    }
  }
}

function pump(current) {
  const buffer = current.sourceBuffer;
  if (!buffer || buffer.updating || current.ops.length === 0 || media !== current) {
    return;
  }
  const op = current.ops.shift();
  try {
    if (op.append) {
      buffer.appendBuffer(op.append);
      state.bytes += op.append.byteLength;
    } else if (op.remove[1] > op.remove[0]) {
      buffer.remove(op.remove[0], op.remove[1]);
    } else {
      pump(current);
    }
  } catch (e) {
    showStatus('The video could not be buffered: ' + e.message);
  }
}

function afterUpdate(current) {
  const ranges = video.buffered;
  // A stopped answer: drop what is buffered of it beyond the point where the stop button was pressed.
  if (state.stopAt && ranges.length) {
    // Until the next question, everything past the stop point belongs to the stopped answer, including
    // fragments still in flight whose segment events have not arrived yet.
    const from = Math.max(state.stopAt.time, video.currentTime) + 0.05;
    const to = ranges.end(ranges.length - 1);
    if (to > from + 0.01 && overlaps(ranges, from, to)) {
      current.ops.unshift({remove: [from, to]});
    }
  }
  // Continue across gaps (a new stream, a dropped answer): jump to the next buffered range, but never into
  // the stopped answer: a fragment appended past the stop point is about to be removed, not played.
  const limit = state.stopAt ? state.stopAt.time : Infinity;
  if (ranges.length && !inside(ranges, video.currentTime)) {
    for (let i = 0; i < ranges.length; i++) {
      if (ranges.start(i) > video.currentTime - 0.05 && ranges.start(i) < limit) {
        video.currentTime = ranges.start(i);
        break;
      }
    }
  }
  // Keep the buffer small in long conversations.
  if (ranges.length && video.currentTime - ranges.start(0) > 60) {
    current.ops.push({remove: [0, video.currentTime - 30]});
  }
  if (video.paused && ranges.length) {
    video.play().catch(() => {});
  }
  pump(current);
}

function inside(ranges, t) {
  for (let i = 0; i < ranges.length; i++) {
    if (t >= ranges.start(i) - 0.01 && t < ranges.end(i) - 0.01) {
      return true;
    }
  }
  return false;
}

function overlaps(ranges, from, to) {
  for (let i = 0; i < ranges.length; i++) {
    if (ranges.start(i) < to && ranges.end(i) > from) {
      return true;
    }
  }
  return false;
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
    state.turns[id] = {status: 'running', bubble: null, text: '', segmentsEnd: 0};
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
  const section = $('latency');
  section.hidden = false;
  section.querySelector('h2').after(table);
}

function ended(id, status, data) {
  const t = turn(id);
  t.status = status;
  state.finished.push(id);
  if (state.currentTurn === id) {
    state.currentTurn = null;
  }
  if (status === 'failed') {
    bubble('error', data.error);
  } else if (status === 'cancelled' && t.bubble) {
    t.bubble.querySelector('.meta').textContent = 'stopped';
  } else if (t.bubble) {
    t.bubble.querySelector('.meta').textContent = '';
  }
  latencyTable(id, status, data.metrics);
  if (media) {
    afterUpdate(media);
  }
}

function openEvents() {
  const events = new EventSource(api('events'));
  const on = (name, handler) => events.addEventListener(name, (e) => handler(JSON.parse(e.data)));
  on('session', applySession);
  on('user', (d) => bubble('user', d.text, d.spoken ? 'spoken as typed' : ''));
  on('turn', (d) => {
    turn(d.turn);
    state.currentTurn = d.turn;
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
    const t = turn(d.turn);
    t.segmentsEnd = Math.max(t.segmentsEnd, d.start + d.duration);
    if (d.format === 'FMP4_FRAGMENT') {
      state.fragments++;
    }
  });
  on('done', (d) => ended(d.turn, 'done', d));
  on('failed', (d) => ended(d.turn, 'failed', d));
  on('cancelled', (d) => ended(d.turn, 'cancelled', d));
  events.onerror = () => {
    if (events.readyState === EventSource.CLOSED) {
      showStatus('The connection to the server was lost: reload the page to start again.');
    }
  };
}

// ---- input: text, microphone, stop ----

async function send(event) {
  event.preventDefault();
  const text = $('text').value.trim();
  if (!text) {
    return;
  }
  video.play().catch(() => {}); // inside the click: allowed to start sound
  state.stopAt = null;
  try {
    const r = await post('say', {}, text);
    turn(r.turn);
    state.currentTurn = r.turn;
    $('text').value = '';
    showStatus('');
  } catch (e) {
    showStatus(e.message);
  }
}

async function stop() {
  const running = state.currentTurn;
  if (running) {
    state.stopAt = {turn: running, time: video.currentTime};
  }
  try {
    await post('stop');
  } catch (e) {
    showStatus(e.message);
  }
  if (media) {
    afterUpdate(media);
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
    video.play().catch(() => {});
    state.stopAt = null;
    try {
      const r = await post('ask', {}, wav, 'audio/wav');
      turn(r.turn);
      state.currentTurn = r.turn;
      showStatus('');
    } catch (e) {
      showStatus(e.message);
    }
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
  $('avatar').addEventListener('change', changeOptions);
  $('voice').addEventListener('change', changeOptions);
  let session;
  try {
    const response = await fetch('/api/session', {method: 'POST'});
    session = await response.json();
    if (!response.ok) {
      throw new Error(session.error);
    }
  } catch (e) {
    showStatus('Could not open a session: ' + e.message);
    return;
  }
  state.sid = session.sid;
  applySession(session);
  openEvents();
  // Close the session at once when the tab goes away; the server's timeout is the safety net.
  window.addEventListener('pagehide', () => navigator.sendBeacon(api('close')));
}

start();
