// The app's frame: which view the URL fragment names, and the navigation around it. The
// fragment carries only what a view shows (a trip's id, a filter), never a token or password.

import { currentUsername, signOut } from './api.js';
import { announce, announcePending } from './dom.js';
import { showSignIn, showSignUp } from './views/signin.js';
import { showTrips } from './views/trips.js';
import { showTrip } from './views/trip.js';
import { showEditor } from './views/editor.js';
import { showPlaces } from './views/places.js';
import { showDashboard } from './views/dashboard.js';

const routes = [
  [/^#\/signup$/, () => showSignUp()],
  [/^#\/trips(?:\?(.*))?$/, (match) => showTrips(new URLSearchParams(match[1] ?? ''))],
  [/^#\/trips\/new$/, () => showEditor(null)],
  [/^#\/trips\/([0-9a-f]{24})$/, (match) => showTrip(match[1])],
  [/^#\/trips\/([0-9a-f]{24})\/edit$/, (match) => showEditor(match[1])],
  [/^#\/places$/, () => showPlaces()],
  [/^#\/dashboard$/, () => showDashboard()],
];

const publicPages = /^#\/(signin|signup)$/;

function updateNavigation() {
  const username = currentUsername();
  document.getElementById('nav').hidden = !username;
  document.getElementById('who').textContent = username ? `Signed in as ${username}` : '';
}

async function route() {
  const hash = window.location.hash || '#/trips';
  // Links inside a page (the skip link) are not views.
  if (!hash.startsWith('#/')) return;
  updateNavigation();
  if (!currentUsername() && !publicPages.test(hash)) {
    showSignIn();
    return;
  }
  for (const [pattern, view] of routes) {
    const match = hash.match(pattern);
    if (match) {
      await view(match);
      return;
    }
  }
  if (publicPages.test(hash)) {
    showSignIn();
  } else {
    window.location.hash = '#/trips';
  }
}

window.addEventListener('hashchange', () => {
  announcePending();
  route();
});

window.addEventListener('signed-out', (event) => {
  updateNavigation();
  showSignIn();
  announce(event.detail, 'error');
});

document.getElementById('sign-out').addEventListener('click', async () => {
  try {
    await signOut();
    announce('You are signed out.');
  } catch (error) {
    announce(`Signed out here; the server said: ${error.message}`, 'error');
  }
  updateNavigation();
  window.location.hash = '#/signin';
  showSignIn();
});

route();
