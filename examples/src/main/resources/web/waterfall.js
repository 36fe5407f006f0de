// A turn's waterfall as an SVG, no chart library: packets down, seconds across from the turn's start, one bar per
// stage (LLM, TTS, THG, mux). The bars come from the server (`metrics.waterfall`, [start, end] in seconds per
// stage; StageWaterfall.java says which are measured and which are estimated).
'use strict';

const WATERFALL_STAGES = [
  {key: 'llm', label: 'LLM', color: '#8e6bd1'},
  {key: 'tts', label: 'TTS', color: '#2f8fd8'},
  {key: 'thg', label: 'THG', color: '#e08a2c'},
  {key: 'mux', label: 'mux', color: '#3aa66a'},
];

function svgElement(name, attributes, text) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', name);
  for (const [key, value] of Object.entries(attributes || {})) {
    el.setAttribute(key, value);
  }
  if (text !== undefined) {
    el.textContent = text;
  }
  return el;
}

/** A "nice" tick step (1, 2 or 5 times a power of ten) for an axis `span` seconds long. */
function tickStep(span) {
  const rough = Math.max(span, 0.001) / 6;
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= rough);
}

/**
 * The waterfall of turn `turnId`: `rows` as the server sends them, `total` the turn's length in seconds.
 * Each packet is a <g class="packet" data-index=N> with one <rect> per stage (a <title> gives its times).
 */
function drawWaterfall(turnId, rows, total) {
  const lane = 4;
  const rowHeight = WATERFALL_STAGES.length * lane + 6;
  const left = 28;
  const width = 420;
  const top = 18;
  const plot = width - left - 10;
  const end = Math.max(total || 0, ...rows.map((r) => r.ready || 0), 0.001);
  const x = (t) => left + (t / end) * plot;
  const height = top + rows.length * rowHeight + 8;
  const svg = svgElement('svg', {class: 'waterfall', width, height, viewBox: '0 0 ' + width + ' ' + height,
    role: 'img', 'aria-label': 'Stage waterfall of turn ' + turnId});
  svg.dataset.turn = turnId;

  const step = tickStep(end);
  for (let t = 0; t <= end + 1e-9; t += step) {
    svg.append(svgElement('line', {class: 'tick', x1: x(t), x2: x(t), y1: top - 4, y2: height - 6}));
    svg.append(svgElement('text', {class: 'tick-label', x: x(t), y: top - 6, 'text-anchor': 'middle'},
        (Math.round(t * 1000) / 1000) + ' s'));
  }
  rows.forEach((row, i) => {
    const y = top + i * rowHeight;
    const group = svgElement('g', {class: 'packet'});
    group.dataset.index = row.index;
    group.append(svgElement('text', {class: 'row-label', x: left - 4, y: y + rowHeight / 2 + 3,
      'text-anchor': 'end'}, '#' + row.index));
    WATERFALL_STAGES.forEach((stage, s) => {
      const [from, to] = row[stage.key] || [0, 0];
      const rect = svgElement('rect', {class: 'bar ' + stage.key, x: x(from), y: y + 3 + s * lane,
        width: Math.max(1, x(to) - x(from)), height: lane - 1, fill: stage.color});
      rect.append(svgElement('title', {}, 'packet ' + row.index + ' ' + stage.label + ': ' + from.toFixed(3)
          + '–' + to.toFixed(3) + ' s'));
      group.append(rect);
    });
    svg.append(group);
  });
  return svg;
}

/** The legend shared by every waterfall: a coloured swatch per stage. */
function waterfallLegend() {
  const legend = document.createElement('p');
  legend.className = 'waterfall-legend';
  for (const stage of WATERFALL_STAGES) {
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = stage.color;
    legend.append(swatch, document.createTextNode(stage.label + ' '));
  }
  legend.append(document.createTextNode('(seconds from the turn\'s start; mux ends when the packet is ready)'));
  return legend;
}
