// Building the page. Every string a user or the server provides goes in as text, through
// `textContent` or attribute values, never as HTML.

/** An element with attributes (`on…` keys become listeners) and children (strings become text). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Replaces the page's content and title, and moves the focus there for keyboard and screen-reader users. */
export function show(title, ...content) {
  document.title = `${title} · Trip Planner`;
  const main = document.getElementById('main');
  main.replaceChildren(el('h1', {}, title), ...content);
  main.focus({ preventScroll: true });
  return main;
}

/** A message in the status line, announced to screen readers; `kind` is `error` or `info`. */
export function announce(text, kind = 'info') {
  const status = document.getElementById('status');
  status.textContent = text;
  status.className = text ? kind : '';
}

let pending = null;

/** A message for the page the app is about to navigate to. */
export function announceAfterNavigation(text) {
  pending = text;
}

/** Called on navigation: shows what the previous page left, or clears the line. */
export function announcePending() {
  announce(pending ?? '');
  pending = null;
}

/** A labelled form field: the label wraps the input so that the two can never come apart. */
export function field(labelText, input, hint) {
  return el('p', { class: 'field' }, el('label', {}, el('span', {}, labelText), input), hint ? el('small', {}, hint) : null);
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
export function formatDate(timestamp) {
  return timestamp ? dateFormat.format(new Date(timestamp)) : '—';
}

const kmFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export function formatKm(km) {
  return `${kmFormat.format(km)} km`;
}
