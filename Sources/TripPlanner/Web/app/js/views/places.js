import { api } from '../api.js';
import { announce, el, formatDate, show } from '../dom.js';
import { createMap } from '../map.js';

/** Every place the user's trips go through; each leads to its trips. */
export async function showPlaces() {
  let places;
  try {
    ({ data: { places } } = await api('GET', '/places?limit=1000'));
  } catch (error) {
    show('Places', el('p', {}, error.message));
    announce(error.message, 'error');
    return;
  }
  if (places.length === 0) {
    show('Places', el('p', {}, 'No places yet: add waypoints to a trip and they appear here.'));
    return;
  }
  const mapContainer = el('div', { class: 'map', id: 'places-map' });
  show('Places',
    el('p', {}, 'Every place your trips go through, the most visited first.'),
    mapContainer,
    el('table', { id: 'place-table' },
      el('caption', {}, 'Places and the trips through them'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Place'), el('th', { scope: 'col' }, 'Trips'), el('th', { scope: 'col' }, 'Last visited'))),
      el('tbody', {}, places.map((place) => el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: `#/trips?place=${encodeURIComponent(place.name)}` }, place.name)),
        el('td', {}, String(place.trips)),
        el('td', {}, formatDate(place.last_visited_at)))))));
  const map = createMap(mapContainer, 'Map of your places');
  map.showMarkers(places);
}
