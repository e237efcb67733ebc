import { signIn, signUp } from '../api.js';
import { announce, el, field, show } from '../dom.js';

function credentialsForm({ submitLabel, passwordAutocomplete, onSubmit }) {
  const username = el('input', { name: 'username', id: 'username', autocomplete: 'username', required: true, minlength: 3, maxlength: 32, autocapitalize: 'none', spellcheck: 'false' });
  const password = el('input', { name: 'password', id: 'password', type: 'password', autocomplete: passwordAutocomplete, required: true, minlength: 8 });
  const button = el('button', { type: 'submit' }, submitLabel);
  const form = el('form', { class: 'credentials', novalidate: false },
    field('Username', username), field('Password', password), el('p', {}, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    button.disabled = true;
    try {
      await onSubmit(username.value.trim(), password.value);
      password.value = '';
      if (window.location.hash === '#/trips') {
        window.dispatchEvent(new HashChangeEvent('hashchange'));
      } else {
        window.location.hash = '#/trips';
      }
    } catch (error) {
      password.value = '';
      const fields = (error.fields ?? []).map((failure) => `${failure.path} ${failure.message}`);
      announce(fields.length ? `Please check: ${fields.join('; ')}.` : error.message, 'error');
      password.focus();
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

export function showSignIn() {
  show('Sign in',
    credentialsForm({
      submitLabel: 'Sign in',
      passwordAutocomplete: 'current-password',
      onSubmit: (username, password) => signIn(username, password),
    }),
    el('p', {}, 'No account yet? ', el('a', { href: '#/signup' }, 'Sign up')));
  document.getElementById('username').focus();
}

export function showSignUp() {
  show('Sign up',
    el('p', {}, 'Usernames are 3 to 32 letters, digits, dots, dashes or underscores; passwords at least 8 characters.'),
    credentialsForm({
      submitLabel: 'Sign up',
      passwordAutocomplete: 'new-password',
      onSubmit: async (username, password) => {
        await signUp(username, password);
        await signIn(username, password);
        announce(`Welcome, ${username}.`);
      },
    }),
    el('p', {}, 'Already have an account? ', el('a', { href: '#/signin' }, 'Sign in')));
  document.getElementById('username').focus();
}
