import { api, query } from '../api.js';
import { announce, el, formatDate, formatKm, show } from '../dom.js';

/** The trip list with its filters; `parameters` are the fragment's `completed` and `place`. */
export async function showTrips(parameters) {
  const completed = parameters.get('completed') ?? '';
  const place = parameters.get('place') ?? '';

  const completedSelect = el('select', { name: 'completed', id: 'filter-completed' },
    el('option', { value: '' }, 'All trips'),
    el('option', { value: 'false' }, 'Planned'),
    el('option', { value: 'true' }, 'Completed'));
  completedSelect.value = completed;
  const placeInput = el('input', { name: 'place', id: 'filter-place', maxlength: 200, value: place, placeholder: 'Any place' });
  const filters = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter trips' },
    el('label', {}, el('span', {}, 'Show'), completedSelect),
    el('label', {}, el('span', {}, 'Through the place'), placeInput),
    el('button', { type: 'submit' }, 'Filter'));
  filters.addEventListener('submit', (event) => {
    event.preventDefault();
    window.location.hash = `#/trips${query({ completed: completedSelect.value, place: placeInput.value.trim() })}`;
  });

  const list = el('ul', { class: 'trips', id: 'trip-list' });
  const more = el('button', { type: 'button', id: 'more-trips', hidden: true }, 'More trips');
  const empty = el('p', { hidden: true }, place ? 'No trip goes through this place.' : 'No trips yet.');

  show(place ? `Trips through ${place}` : 'Your trips',
    el('p', {}, el('a', { href: '#/trips/new', class: 'button', id: 'new-trip' }, 'New trip')),
    filters, empty, list, more);

  let next = null;
  async function load() {
    more.disabled = true;
    try {
      const { data } = await api('GET', `/trips${query({ limit: 20, completed, place, cursor: next })}`);
      for (const trip of data.trips) {
        list.append(el('li', {},
          el('a', { href: `#/trips/${trip._id}` }, trip.name),
          ' ',
          el('span', { class: 'meta' },
            `${trip.completed ? 'completed' : 'planned'} · ${trip.waypoints.length === 1 ? '1 waypoint' : `${trip.waypoints.length} waypoints`} · ${formatKm(trip.distance_km)} · ${formatDate(trip.created_at)}`)));
      }
      next = data.next;
      more.hidden = next === null;
      empty.hidden = list.children.length > 0;
    } catch (error) {
      announce(error.message, 'error');
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  await load();
}
