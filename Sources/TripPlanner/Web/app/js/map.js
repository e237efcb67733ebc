// Routes on a Leaflet map. Tiles come from OpenStreetMap's tile server when the browser can
// reach it; without it the route and its markers still show, on an empty background.

import * as L from '/app/lib/leaflet/leaflet.esm.js';
import { el } from './dom.js';

const TILES = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

// Leaflet cancels a tile's download by pointing the image at a `data:` URL, which this app's
// Content-Security-Policy (images from this server and the tile server only) refuses and the
// browser reports as an error. Taking the address away cancels the download as well.
const TileLayer = L.TileLayer.extend({
  _abortLoading() {
    for (const [key, tile] of Object.entries(this._tiles)) {
      if (tile.coords.z === this._tileZoom) continue;
      tile.el.onload = null;
      tile.el.onerror = null;
      if (!tile.el.complete) {
        tile.el.removeAttribute('src');
        tile.el.remove();
        delete this._tiles[key];
      }
    }
  },
  _removeTile(key) {
    const tile = this._tiles[key];
    if (!tile) return;
    tile.el.removeAttribute('src');
    L.GridLayer.prototype._removeTile.call(this, key);
  },
});

/** A map in `container`, with a keyboard-reachable label for screen readers. */
export function createMap(container, label) {
  container.setAttribute('role', 'region');
  container.setAttribute('aria-label', label);
  const map = L.map(container, { worldCopyJump: true }).setView([20, 0], 2);
  new TileLayer(TILES, { maxZoom: 19, attribution: ATTRIBUTION }).addTo(map);
  const route = L.layerGroup().addTo(map);
  return {
    map,
    /** Numbered markers in order, joined by a line, the map fitted to them. */
    showRoute(waypoints, { fit = true } = {}) {
      route.clearLayers();
      const points = waypoints.map((waypoint) => [waypoint.latitude, waypoint.longitude]);
      if (points.length > 1) L.polyline(points, { color: '#1f6f8b', weight: 4 }).addTo(route);
      waypoints.forEach((waypoint, index) => {
        const number = el('span', {}, String(index + 1));
        const marker = L.marker(points[index], {
          icon: L.divIcon({ className: 'waypoint-marker', html: number, iconSize: [28, 28] }),
          title: `${index + 1}. ${waypoint.name}`,
          alt: `${index + 1}. ${waypoint.name}`,
          keyboard: true,
        });
        marker.addTo(route);
      });
      if (fit && points.length === 1) map.setView(points[0], 10);
      if (fit && points.length > 1) map.fitBounds(points, { padding: [30, 30], maxZoom: 14 });
    },
    /** A marker per place, titled with its name, the map fitted to them all. */
    showMarkers(places) {
      route.clearLayers();
      const points = places.map((place) => [place.latitude, place.longitude]);
      places.forEach((place, index) => {
        L.marker(points[index], {
          icon: L.divIcon({ className: 'place-marker', iconSize: [14, 14] }),
          title: `${place.name}: ${place.trips} trips`,
          alt: place.name,
        }).addTo(route);
      });
      if (points.length === 1) map.setView(points[0], 10);
      if (points.length > 1) map.fitBounds(points, { padding: [30, 30], maxZoom: 14 });
    },
    onClick(handler) {
      map.on('click', (event) => handler(event.latlng.wrap()));
    },
  };
}
