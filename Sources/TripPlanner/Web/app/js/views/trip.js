import { api } from '../api.js';
import { announce, announceAfterNavigation, el, formatDate, formatKm, show } from '../dom.js';
import { createMap } from '../map.js';

export async function showTrip(id) {
  let trip;
  let etag;
  try {
    ({ data: trip, etag } = await api('GET', `/trips/${id}`));
  } catch (error) {
    show('Trip not available', el('p', {}, error.message), el('p', {}, el('a', { href: '#/trips' }, 'Back to your trips')));
    return;
  }
  const mapContainer = el('div', { class: 'map', id: 'trip-map' });
  const remove = el('button', { type: 'button', class: 'danger', id: 'delete-trip' }, 'Delete…');
  const confirmation = el('p', { class: 'confirm', hidden: true });
  show(trip.name,
    el('p', { class: 'meta' },
      `${trip.completed ? 'Completed' : 'Planned'} · ${formatKm(trip.distance_km)} · created ${formatDate(trip.created_at)} · updated ${formatDate(trip.updated_at)}`),
    el('p', { class: 'actions' }, el('a', { href: `#/trips/${id}/edit`, class: 'button', id: 'edit-trip' }, 'Edit'), ' ', remove),
    confirmation,
    mapContainer,
    el('h2', {}, 'Route'),
    trip.waypoints.length === 0
      ? el('p', {}, 'No waypoints yet.')
      : el('ol', { class: 'waypoints', id: 'waypoint-list' }, trip.waypoints.map((waypoint) => el('li', {},
        el('a', { href: `#/trips?place=${encodeURIComponent(waypoint.name)}` }, waypoint.name),
        ' ', el('span', { class: 'meta' }, `${waypoint.latitude.toFixed(4)}, ${waypoint.longitude.toFixed(4)}`)))));

  createMap(mapContainer, `Map of the route of ${trip.name}`).showRoute(trip.waypoints);

  remove.addEventListener('click', () => {
    const yes = el('button', { type: 'button', class: 'danger', id: 'confirm-delete' }, 'Delete this trip');
    const no = el('button', { type: 'button' }, 'Keep it');
    confirmation.replaceChildren(`Delete “${trip.name}” for good? `, yes, ' ', no);
    confirmation.hidden = false;
    no.addEventListener('click', () => { confirmation.hidden = true; remove.focus(); });
    yes.addEventListener('click', async () => {
      try {
        await api('DELETE', `/trips/${id}`, { headers: { 'If-Match': etag } });
        announceAfterNavigation(`Deleted “${trip.name}”.`);
        window.location.hash = '#/trips';
      } catch (error) {
        announce(error.status === 412
          ? 'The trip changed elsewhere since you opened it; it was not deleted. Reload to see the change.'
          : error.message, 'error');
      }
    });
    yes.focus();
  });
}
