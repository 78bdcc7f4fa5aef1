// The sign-in page: the credential goes once, as a bearer header, to POST /admin/v1/session,
// which answers with the session cookie; the credential itself is never stored by the page.
'use strict';

(function () {
  const form = document.getElementById('signin-form');
  const input = document.getElementById('credential');
  const error = document.getElementById('signin-error');

  fetch('/admin/v1/session', { credentials: 'same-origin', cache: 'no-store' }).then(function (response) {
    if (response.ok) {
      location.replace('/dashboard/keys');
    }
  });

  form.addEventListener('submit', async function (event) {
    event.preventDefault();
    error.hidden = true;
    const credential = input.value.trim();
    if (!credential) {
      error.textContent = 'Enter the admin token or an admin key.';
      error.hidden = false;
      input.focus();
      return;
    }
    const response = await fetch('/admin/v1/session', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Authorization': 'Bearer ' + credential, 'Accept': 'application/json' }
    });
    input.value = '';
    if (response.ok) {
      location.replace('/dashboard/keys');
      return;
    }
    const json = await response.json().catch(function () { return {}; });
    error.textContent = (json.error && json.error.message) || ('Sign-in failed (' + response.status + ').');
    error.hidden = false;
    input.focus();
  });
})();
