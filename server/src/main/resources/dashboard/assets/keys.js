// Settings > API Keys: list, create (the key shown once), view one key's scopes, revoke.
'use strict';

(function () {
  const { api, el, status, when } = Aegis;
  const SCOPE_MEANINGS = {
    'llm:chat': 'Chat, Responses, Anthropic messages, Gemini generate and stream',
    'llm:embeddings': 'Embeddings',
    'llm:read': 'Model lists and other reads',
    'admin': 'The admin API and this dashboard, for its own org'
  };
  let org = null;
  let pendingRevoke = null;

  function keyLabel(key) {
    return key.name || key.prefix;
  }

  function row(key) {
    const view = el('button', { type: 'button', class: 'link', 'data-key': key.id, text: keyLabel(key) });
    view.addEventListener('click', function () { showDetails(key); });
    const actions = el('td');
    if (key.status === 'active') {
      const revoke = el('button', { type: 'button', class: 'danger small', text: 'Revoke', 'aria-label': 'Revoke ' + keyLabel(key) });
      revoke.addEventListener('click', function () { askRevoke(key); });
      actions.append(revoke);
    }
    return el('tr', { 'data-prefix': key.prefix }, [
      el('td', {}, [view]),
      el('td', {}, [el('code', { text: key.prefix + '…' })]),
      el('td', { class: 'scopes', text: key.scopes.join(', ') }),
      el('td', { text: when(key.created_at) }),
      el('td', { class: 'last-used', text: when(key.last_used_at) }),
      el('td', {}, [el('span', { class: 'badge ' + key.status, text: key.status })]),
      actions
    ]);
  }

  async function load() {
    const keys = (await api('GET', 'keys?org=' + encodeURIComponent(org))).keys;
    const body = document.querySelector('#keys-table tbody');
    body.replaceChildren(...keys.map(row));
    document.getElementById('no-keys').hidden = keys.length > 0;
  }

  function showDetails(key) {
    document.getElementById('details-title').textContent = 'Key ' + keyLabel(key);
    const facts = [['Prefix', key.prefix + '…'], ['Status', key.status], ['Created', when(key.created_at)],
      ['Last used', when(key.last_used_at)]];
    if (key.revoked_at) {
      facts.push(['Revoked', when(key.revoked_at)]);
    }
    document.getElementById('details-list').replaceChildren(...facts.flatMap(function ([name, value]) {
      return [el('dt', { text: name }), el('dd', { text: value })];
    }));
    document.getElementById('details-scopes').replaceChildren(...key.scopes.map(function (scope) {
      return el('li', {}, [el('code', { text: scope }), ' – ' + (SCOPE_MEANINGS[scope] || '')]);
    }));
    document.getElementById('key-details').showModal();
  }

  function askRevoke(key) {
    pendingRevoke = key;
    document.getElementById('revoke-text').textContent = 'The key ' + keyLabel(key) + ' (' + key.prefix
      + '…) is refused from its next request. This cannot be undone.';
    document.getElementById('revoke-dialog').showModal();
    document.getElementById('revoke-cancel').focus();
  }

  async function revoke() {
    const key = pendingRevoke;
    document.getElementById('revoke-dialog').close();
    pendingRevoke = null;
    await api('POST', 'keys/' + encodeURIComponent(key.id) + '/revoke');
    status('Revoked ' + keyLabel(key) + '.');
    await load();
  }

  async function create(event) {
    event.preventDefault();
    const scopes = Array.from(document.querySelectorAll('#scope-choices input:checked')).map(function (box) { return box.value; });
    if (scopes.length === 0) {
      status('Choose at least one scope.', true);
      return;
    }
    const name = document.getElementById('key-name').value.trim();
    const body = { org: org, scopes: scopes };
    if (name) {
      body.name = name;
    }
    const created = await api('POST', 'keys', body);
    document.getElementById('create-form').reset();
    const value = document.getElementById('new-key-value');
    value.value = created.key;
    document.getElementById('new-key').hidden = false;
    value.focus();
    value.select();
    status('Created ' + keyLabel(created) + '.');
    await load();
  }

  async function copyKey() {
    const value = document.getElementById('new-key-value');
    try {
      await navigator.clipboard.writeText(value.value);
    } catch (error) {
      // Without the Clipboard API (plain http off localhost): select it for the user to copy.
      value.select();
      document.execCommand('copy');
    }
    status('Copied the key.');
  }

  function dismissKey() {
    document.getElementById('new-key-value').value = '';
    document.getElementById('new-key').hidden = true;
    document.getElementById('key-name').focus();
  }

  function guard(action) {
    return function (event) {
      action(event).catch(function (error) { status(error.message, true); });
    };
  }

  Aegis.start(async function (session, chosen) {
    org = chosen;
    const choices = document.getElementById('scope-choices');
    session.scopes.forEach(function (scope) {
      const id = 'scope-' + scope.replace(/[^a-z]/g, '-');
      choices.append(el('div', { class: 'choice' }, [
        el('input', { type: 'checkbox', id: id, name: 'scopes', value: scope }),
        el('label', { for: id }, [el('code', { text: scope }), ' – ' + (SCOPE_MEANINGS[scope] || '')])
      ]));
    });
    document.getElementById('create-form').addEventListener('submit', guard(create));
    document.getElementById('copy-key').addEventListener('click', guard(copyKey));
    document.getElementById('dismiss-key').addEventListener('click', dismissKey);
    document.getElementById('revoke-cancel').addEventListener('click', function () {
      pendingRevoke = null;
      document.getElementById('revoke-dialog').close();
    });
    document.getElementById('revoke-confirm').addEventListener('click', guard(revoke));
    if (org) {
      await load();
    }
  });
})();
