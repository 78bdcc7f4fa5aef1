// Shared by every dashboard page: the admin API client (session cookie + CSRF header), the
// header (org choice for the operator, sign-out) and safe DOM building (text only, never HTML).
'use strict';

const Aegis = (function () {
  let csrfToken = null;

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET' && csrfToken) {
      headers['X-Takumo-CSRF'] = csrfToken;
    }
    const init = { method: method, headers: headers, credentials: 'same-origin', cache: 'no-store' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch('/admin/v1/' + path, init);
    const json = await response.json().catch(function () { return {}; });
    if (!response.ok) {
      const error = new Error((json.error && json.error.message) || ('the server answered ' + response.status));
      error.status = response.status;
      error.code = json.error && json.error.code;
      throw error;
    }
    return json;
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) {
      if (name === 'text') {
        node.textContent = value;
      } else if (value !== null && value !== undefined && value !== false) {
        node.setAttribute(name, value === true ? '' : value);
      }
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function status(message, isError) {
    const line = document.getElementById('status');
    if (line) {
      line.textContent = message || '';
      line.classList.toggle('error', Boolean(isError));
    }
  }

  function when(iso) {
    return iso ? new Date(iso).toLocaleString() : 'never';
  }

  /** Copies a text field's value to the clipboard. */
  async function copy(field) {
    try {
      await navigator.clipboard.writeText(field.value);
    } catch (error) {
      // Without the Clipboard API (plain http off localhost): select it for the user to copy.
      field.select();
      document.execCommand('copy');
    }
  }

  /** The org the page is about: the admin key's own, or the operator's choice (?org=). */
  async function chooseOrg(session) {
    const select = document.getElementById('org-select');
    if (!session.operator) {
      document.getElementById('org-name').textContent = session.org;
      return session.org;
    }
    const orgs = (await api('GET', 'orgs')).orgs.map(function (o) { return o.name; });
    const wanted = new URLSearchParams(location.search).get('org');
    const org = orgs.includes(wanted) ? wanted : (orgs[0] || null);
    orgs.forEach(function (name) {
      select.append(el('option', { value: name, text: name, selected: name === org }));
    });
    select.hidden = orgs.length === 0;
    document.getElementById('org-label').hidden = orgs.length === 0;
    document.getElementById('org-name').textContent = orgs.length === 0 ? 'no org yet (create one with the admin CLI)' : '';
    select.addEventListener('change', function () {
      location.search = '?org=' + encodeURIComponent(select.value);
    });
    if (org) {
      ['nav-keys', 'nav-billing', 'nav-gateway', 'nav-fleet'].forEach(function (id) {
        const link = document.getElementById(id);
        link.href = link.pathname + '?org=' + encodeURIComponent(org);
      });
    }
    return org;
  }

  /** Runs a page: signed in, or back to the sign-in page. */
  async function start(page) {
    let session;
    try {
      session = await api('GET', 'session');
    } catch (error) {
      location.replace('/dashboard/');
      return;
    }
    csrfToken = session.csrf_token;
    const current = document.getElementById('nav-' + document.body.dataset.page);
    if (current) {
      current.setAttribute('aria-current', 'page');
    }
    document.getElementById('signout').addEventListener('click', async function () {
      try {
        await api('POST', 'session/end');
      } finally {
        location.replace('/dashboard/');
      }
    });
    try {
      const org = await chooseOrg(session);
      await page(session, org);
    } catch (error) {
      status(error.message, true);
    }
  }

  return { api: api, el: el, status: status, when: when, copy: copy, start: start };
})();
