// Charts with Chart.js. Drawn without animation: the figures are there at once, for people
// and for the browser tests that look at the pixels.

import { Chart, registerables } from '/app/lib/chart.js/chart.esm.js';

Chart.register(...registerables);

const COLOURS = ['#1f6f8b', '#e07a1f', '#5b8c2a'];

const common = {
  animation: false,
  responsive: true,
  maintainAspectRatio: false,
  plugins: { legend: { position: 'bottom' } },
};

export function barChart(canvas, labels, series, { stacked = false } = {}) {
  return new Chart(canvas, {
    type: 'bar',
    data: {
      labels,
      datasets: series.map((entry, index) => ({ ...entry, backgroundColor: COLOURS[index % COLOURS.length] })),
    },
    options: {
      ...common,
      scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

export function lineChart(canvas, labels, series) {
  return new Chart(canvas, {
    type: 'line',
    data: { labels, datasets: [{ ...series, borderColor: COLOURS[0], backgroundColor: COLOURS[0], tension: 0.2 }] },
    options: { ...common, scales: { y: { beginAtZero: true } } },
  });
}
