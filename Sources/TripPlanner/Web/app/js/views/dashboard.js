import { api } from '../api.js';
import { announce, el, formatDate, formatKm, show } from '../dom.js';
import { barChart, lineChart } from '../charts.js';

/** Totals and three charts from /trips/stats, each with its figures as a table too. */
export async function showDashboard() {
  let stats;
  try {
    ({ data: stats } = await api('GET', '/trips/stats'));
  } catch (error) {
    show('Dashboard', el('p', {}, error.message));
    announce(error.message, 'error');
    return;
  }
  const months = stats.months.map((month) => month.month);
  const figure = (id, caption, rows) => {
    const canvas = el('canvas', { id, role: 'img', 'aria-label': caption });
    return {
      canvas,
      element: el('figure', { class: 'chart' },
        el('div', { class: 'chart-box' }, canvas),
        el('figcaption', {}, caption),
        el('details', {}, el('summary', {}, 'Figures'),
          el('table', {}, el('tbody', {}, stats.months.map((month) => el('tr', {},
            el('th', { scope: 'row' }, month.month), ...rows(month).map((cell) => el('td', {}, cell)))))))),
    };
  };
  const perMonth = figure('chart-trips', 'Trips per month, by when they were created', (month) => [String(month.trips)]);
  const completion = figure('chart-completed', 'Completed against planned trips per month',
    (month) => [`${month.completed} completed`, `${month.trips - month.completed} planned`]);
  const distance = figure('chart-distance', 'Distance per month', (month) => [formatKm(month.distance_km)]);

  show('Dashboard',
    el('dl', { class: 'totals' },
      el('div', {}, el('dt', {}, 'Trips'), el('dd', { id: 'total-trips' }, String(stats.trips))),
      el('div', {}, el('dt', {}, 'Completed'), el('dd', {}, String(stats.completed))),
      el('div', {}, el('dt', {}, 'Waypoints'), el('dd', {}, String(stats.waypoints))),
      el('div', {}, el('dt', {}, 'Distance'), el('dd', {}, formatKm(stats.distance_km))),
      el('div', {}, el('dt', {}, 'First trip'), el('dd', {}, formatDate(stats.first_trip_at))),
      el('div', {}, el('dt', {}, 'Latest trip'), el('dd', {}, formatDate(stats.last_trip_at)))),
    el('div', { class: 'charts' }, perMonth.element, completion.element, distance.element));

  barChart(perMonth.canvas, months, [{ label: 'Trips', data: stats.months.map((month) => month.trips) }]);
  barChart(completion.canvas, months, [
    { label: 'Completed', data: stats.months.map((month) => month.completed) },
    { label: 'Planned', data: stats.months.map((month) => month.trips - month.completed) },
  ], { stacked: true });
  lineChart(distance.canvas, months, { label: 'Kilometres', data: stats.months.map((month) => month.distance_km) });
}
