import { api } from '../api.js';
import { announce, announceAfterNavigation, el, field, show } from '../dom.js';
import { createMap } from '../map.js';

/** Creates a trip (`id` null) or edits one, saving with If-Match so that a change made
 *  elsewhere in the meantime is reported instead of overwritten. */
export async function showEditor(id) {
  let trip = { name: '', completed: false, waypoints: [] };
  let etag = null;
  if (id) {
    try {
      ({ data: trip, etag } = await api('GET', `/trips/${id}`));
    } catch (error) {
      show('Trip not available', el('p', {}, error.message), el('p', {}, el('a', { href: '#/trips' }, 'Back to your trips')));
      return;
    }
  }
  const waypoints = trip.waypoints.map((waypoint) => ({ ...waypoint }));

  const name = el('input', { id: 'trip-name', name: 'name', required: true, maxlength: 200, value: trip.name });
  const completed = el('input', { id: 'trip-completed', name: 'completed', type: 'checkbox', checked: trip.completed });
  const list = el('ol', { class: 'waypoint-editor', id: 'waypoint-editor' });
  const mapContainer = el('div', { class: 'map', id: 'editor-map' });
  const conflict = el('div', { class: 'conflict', id: 'conflict', role: 'alert', hidden: true });
  const problems = el('ul', { class: 'problems', id: 'problems', hidden: true });
  const save = el('button', { type: 'submit', id: 'save-trip' }, id ? 'Save changes' : 'Create trip');

  const newName = el('input', { id: 'new-waypoint-name', maxlength: 200 });
  const newLatitude = el('input', { id: 'new-waypoint-latitude', type: 'number', min: -90, max: 90, step: 'any', inputmode: 'decimal' });
  const newLongitude = el('input', { id: 'new-waypoint-longitude', type: 'number', min: -180, max: 180, step: 'any', inputmode: 'decimal' });
  const add = el('button', { type: 'button', id: 'add-waypoint' }, 'Add waypoint');

  const form = el('form', { class: 'editor', id: 'trip-form', novalidate: true },
    field('Name', name),
    el('p', { class: 'field checkbox' }, el('label', {}, completed, el('span', {}, 'Completed'))),
    el('h2', {}, 'Waypoints'),
    el('p', { class: 'hint' }, 'Click the map to add a waypoint there, or type its coordinates below.'),
    mapContainer,
    list,
    el('fieldset', { class: 'add-waypoint' }, el('legend', {}, 'Add a waypoint by its coordinates'),
      field('Name', newName), field('Latitude (−90 to 90)', newLatitude), field('Longitude (−180 to 180)', newLongitude),
      el('p', {}, add)),
    problems,
    conflict,
    el('p', { class: 'actions' }, save, ' ',
      el('a', { href: id ? `#/trips/${id}` : '#/trips', class: 'button secondary' }, 'Cancel')));

  show(id ? `Edit ${trip.name}` : 'New trip', form);
  const map = createMap(mapContainer, 'Map of the route; click to add a waypoint');

  function render({ fit = false } = {}) {
    list.replaceChildren(...waypoints.map((waypoint, index) => waypointRow(waypoint, index)));
    map.showRoute(waypoints.filter(isPlaced), { fit });
  }

  function waypointRow(waypoint, index) {
    const number = index + 1;
    const nameInput = el('input', { id: `waypoint-name-${index}`, maxlength: 200, value: waypoint.name, required: true });
    const latitude = el('input', { id: `waypoint-latitude-${index}`, type: 'number', step: 'any', min: -90, max: 90, value: waypoint.latitude, inputmode: 'decimal' });
    const longitude = el('input', { id: `waypoint-longitude-${index}`, type: 'number', step: 'any', min: -180, max: 180, value: waypoint.longitude, inputmode: 'decimal' });
    nameInput.addEventListener('input', () => { waypoint.name = nameInput.value; });
    const moved = () => { waypoint.latitude = latitude.valueAsNumber; waypoint.longitude = longitude.valueAsNumber; map.showRoute(waypoints.filter(isPlaced), { fit: false }); };
    latitude.addEventListener('input', moved);
    longitude.addEventListener('input', moved);
    const button = (label, action, disabled) => el('button', {
      type: 'button', id: `${action}-${index}`, disabled, 'aria-label': `${label} waypoint ${number}`,
      onclick: () => {
        if (action === 'move-up') waypoints.splice(index - 1, 0, waypoints.splice(index, 1)[0]);
        if (action === 'move-down') waypoints.splice(index + 1, 0, waypoints.splice(index, 1)[0]);
        if (action === 'remove') waypoints.splice(index, 1);
        render();
        const target = action === 'move-up' ? index - 1 : action === 'move-down' ? index + 1 : Math.min(index, waypoints.length - 1);
        document.getElementById(`${action}-${target}`)?.focus() ?? document.getElementById(`waypoint-name-${target}`)?.focus();
      },
    }, label);
    return el('li', {},
      el('fieldset', {}, el('legend', {}, `Waypoint ${number}`),
        field('Name', nameInput), field('Latitude', latitude), field('Longitude', longitude),
        el('p', { class: 'row-actions' },
          button('Move up', 'move-up', index === 0), ' ',
          button('Move down', 'move-down', index === waypoints.length - 1), ' ',
          button('Remove', 'remove', false))));
  }

  map.onClick((point) => {
    waypoints.push({ name: `Waypoint ${waypoints.length + 1}`, latitude: round(point.lat), longitude: round(point.lng) });
    render();
    announce(`Added waypoint ${waypoints.length}.`);
  });

  add.addEventListener('click', () => {
    const latitude = newLatitude.valueAsNumber;
    const longitude = newLongitude.valueAsNumber;
    if (!newName.value.trim() || !(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      announce('A new waypoint needs a name, a latitude from −90 to 90 and a longitude from −180 to 180.', 'error');
      return;
    }
    waypoints.push({ name: newName.value.trim(), latitude, longitude });
    newName.value = '';
    newLatitude.value = '';
    newLongitude.value = '';
    render({ fit: true });
    announce(`Added waypoint ${waypoints.length}.`);
    newName.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    conflict.hidden = true;
    problems.hidden = true;
    const body = { name: name.value, completed: completed.checked, waypoints };
    save.disabled = true;
    try {
      const { data } = id
        ? await api('PUT', `/trips/${id}`, { body, headers: { 'If-Match': etag } })
        : await api('POST', '/trips', { body });
      announceAfterNavigation(`Saved “${data.name}”.`);
      window.location.hash = `#/trips/${data._id}`;
    } catch (error) {
      if (error.status === 412) {
        showConflict();
      } else if (error.status === 404) {
        announce('This trip no longer exists; it was deleted elsewhere.', 'error');
      } else {
        announce(error.message, 'error');
        const fields = error.fields ?? [];
        problems.replaceChildren(...fields.map((failure) => el('li', {}, `${failure.path}: ${failure.message}`)));
        problems.hidden = fields.length === 0;
      }
    } finally {
      save.disabled = false;
    }
  });

  function showConflict() {
    const reload = el('button', { type: 'button', id: 'reload-trip' }, 'Reload the trip (discards your changes)');
    const keep = el('button', { type: 'button', class: 'secondary' }, 'Keep editing');
    conflict.replaceChildren(
      el('p', {}, 'This trip was changed elsewhere since you opened it, so your changes were not saved. Reload it to see the other change, then make yours again.'),
      el('p', {}, reload, ' ', keep));
    conflict.hidden = false;
    reload.addEventListener('click', () => showEditor(id));
    keep.addEventListener('click', () => { conflict.hidden = true; save.focus(); });
    reload.focus();
  }

  render({ fit: true });
}

function isPlaced(waypoint) {
  return Number.isFinite(waypoint.latitude) && Number.isFinite(waypoint.longitude);
}

function round(degrees) {
  return Math.round(degrees * 1e5) / 1e5;
}
