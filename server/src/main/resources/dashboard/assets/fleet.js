// Settings > Fleet (a coordinator's): join keys (create, the key shown once, revoke, the gateways
// that used each) and gateways, with the troubleshooting checklist beside one that is not
// connected, filled in from the same admin API data. A standalone gateway has no fleet: the page
// says so.
'use strict';

(function () {
  const { api, el, status, when } = Aegis;
  const DEFAULT_GRPC_PORT = '50051';
  let pendingRevoke = null;

  function keyLabel(key) {
    return key.name + ' (' + key.prefix + '…)';
  }

  function joinKeyRow(key) {
    const used = key.gateways.length === 0 ? 'no gateway yet'
      : key.gateways.map(function (g) { return g.name + ' (' + g.status + ')'; }).join(', ');
    const actions = el('td');
    if (key.status === 'active') {
      const revoke = el('button', { type: 'button', class: 'danger small', text: 'Revoke', 'aria-label': 'Revoke join key ' + key.name });
      revoke.addEventListener('click', function () { askRevoke(key); });
      actions.append(revoke);
    }
    return el('tr', { 'data-prefix': key.prefix }, [
      el('td', { text: key.name }),
      el('td', {}, [el('code', { text: key.prefix + '…' })]),
      el('td', { text: when(key.created_at) }),
      el('td', {}, [el('span', { class: 'badge ' + key.status, text: key.status })].concat(key.revoked_at
        ? [el('span', { class: 'hint block', text: when(key.revoked_at) })] : [])),
      el('td', { class: 'used-by', text: used }),
      actions
    ]);
  }

  function port(listen) {
    return listen.slice(listen.lastIndexOf(':') + 1);
  }

  /** The troubleshooting page's "Gateway not appearing in fleet" checks, with what the fleet data says. */
  function checklist(gateway, key, fleet) {
    const items = [];
    if (!key) {
      // Created between the two reads of this refresh: the next one shows it.
      items.push(['Join key ' + gateway.join_key.name + ': refresh to see its state.', 'check']);
    } else if (key.status === 'revoked') {
      items.push(['Join key ' + keyLabel(key) + ' was revoked at ' + when(key.revoked_at) + '. Revoked join keys are'
        + ' refused at once: a gateway keeps its identity while its process runs, but once restarted it joins again'
        + ' and is refused. Start it with an active join key (create one above).', 'bad']);
    } else {
      items.push(['Join key ' + keyLabel(key) + ' is active: a join with it is accepted. Check that the gateway is'
        + ' started with it (TAKUMO_SERVER_JOIN_KEY); a join key is shown only when created, so if it is lost,'
        + ' create a new one.', 'ok']);
    }
    const listen = fleet.grpc_listen;
    let reach = 'Can the gateway reach the coordinator\'s gRPC endpoint? The coordinator listens on ' + listen
      + ' (port ' + port(listen) + (port(listen) === DEFAULT_GRPC_PORT ? ', the default' : '; the default is '
      + DEFAULT_GRPC_PORT) + '): that port must be open from the gateway\'s network.';
    if (/^(127\.|localhost|\[::1\])/.test(listen)) {
      reach += ' It listens on loopback only, so gateways on other machines cannot reach it (--grpc-listen 0.0.0.0:'
        + port(listen) + ').';
    }
    items.push([reach, 'check']);
    items.push(['The gateway initiates the connection: it dials out to the coordinator, nothing needs to reach the'
      + ' gateway at ' + gateway.address + '. Last seen ' + when(gateway.last_seen_at) + ', config version '
      + (gateway.config_version_acked === null ? 'none' : gateway.config_version_acked) + ' acked.', 'check']);
    items.push(['Check the gateway\'s logs for connection errors (lines starting with "fleet:"): ', 'check',
      'kubectl logs -n takumo deployment/aegis-gateway']);
    const again = fleet.gateways.find(function (g) {
      return g.id !== gateway.id && g.name === gateway.name && g.connected && Date.parse(g.joined_at) > Date.parse(gateway.joined_at);
    });
    if (again) {
      items.unshift(['A gateway named ' + gateway.name + ' joined again as ' + again.id + ' and is connected: this entry'
        + ' is its earlier run (a restarted gateway joins under a new id). Remove it with admin fleet remove '
        + gateway.id + '.', 'ok']);
    }
    return el('div', { class: 'checklist' }, [
      el('h4', { text: 'Not connected? Check these:' }),
      el('ul', {}, items.map(function ([text, mark, command]) {
        const item = el('li', { class: mark }, [el('span', { class: 'visually-hidden', text: mark === 'bad' ? 'Problem: '
          : mark === 'ok' ? 'Fine: ' : 'To check: ' }), text]);
        if (command) {
          item.append(el('code', { text: command }));
        }
        return item;
      }))
    ]);
  }

  function gatewayCard(gateway, keysById, fleet) {
    const key = keysById[gateway.join_key.id];
    const facts = [['Id', gateway.id], ['Last seen', when(gateway.last_seen_at)], ['Version', gateway.version],
      ['Config version acked', gateway.config_version_acked === null ? 'none yet' : String(gateway.config_version_acked)],
      ['Address', gateway.address], ['Join key', key ? keyLabel(key) + ', ' + key.status : gateway.join_key.name],
      ['Joined', when(gateway.joined_at)]];
    if (gateway.removed_at) {
      facts.push(['Removed', when(gateway.removed_at)]);
    }
    const details = el('div', {}, [
      el('h3', {}, [gateway.name + ' ', el('span', { class: 'badge ' + gateway.status, text: gateway.status })]),
      el('dl', {}, facts.flatMap(function ([name, value]) {
        return [el('dt', { text: name }), el('dd', { text: value })];
      }))
    ]);
    const card = el('article', { class: 'gateway', 'data-gateway-id': gateway.id, 'data-status': gateway.status,
      'aria-label': 'Gateway ' + gateway.name }, [details]);
    if (gateway.status === 'removed') {
      card.append(el('p', { class: 'checklist', text: 'Removed from the fleet: the coordinator refuses its identity.'
        + ' To bring it back, restart it with an active join key (it joins under a new id).' }));
    } else if (!gateway.connected) {
      card.append(checklist(gateway, key, fleet));
    }
    return card;
  }

  async function load() {
    const [keys, fleet] = await Promise.all([api('GET', 'join-keys'), api('GET', 'fleet')]);
    const keysById = {};
    keys.join_keys.forEach(function (k) { keysById[k.id] = k; });
    document.querySelector('#join-keys-table tbody').replaceChildren(...keys.join_keys.map(joinKeyRow));
    document.getElementById('no-join-keys').hidden = keys.join_keys.length > 0;
    document.getElementById('grpc-listen').textContent = 'Gateways dial in to this coordinator\'s gRPC endpoint, which'
      + ' listens on ' + fleet.grpc_listen + '. Updated ' + new Date().toLocaleTimeString() + '.';
    document.getElementById('gateways').replaceChildren(...fleet.gateways.map(function (g) {
      return gatewayCard(g, keysById, fleet);
    }));
    document.getElementById('no-gateways').hidden = fleet.gateways.length > 0;
  }

  function askRevoke(key) {
    pendingRevoke = key;
    const used = key.gateways.filter(function (g) { return g.status !== 'removed'; }).map(function (g) { return g.name; });
    document.getElementById('revoke-text').textContent = 'Every new join with ' + keyLabel(key) + ' is refused at once.'
      + (used.length ? ' Gateways that joined with it (' + used.join(', ') + ') keep their identity until they restart.' : '')
      + ' This cannot be undone.';
    document.getElementById('revoke-dialog').showModal();
    document.getElementById('revoke-cancel').focus();
  }

  async function revoke() {
    const key = pendingRevoke;
    document.getElementById('revoke-dialog').close();
    pendingRevoke = null;
    await api('POST', 'join-keys/' + encodeURIComponent(key.id) + '/revoke');
    status('Revoked the join key ' + keyLabel(key) + '.');
    await load();
  }

  async function create(event) {
    event.preventDefault();
    const name = document.getElementById('join-key-name');
    if (!name.value.trim()) {
      status('Give the join key a name.', true);
      name.focus();
      return;
    }
    const created = await api('POST', 'join-keys', { name: name.value.trim() });
    document.getElementById('create-join-key').reset();
    const value = document.getElementById('new-join-key-value');
    value.value = created.join_key;
    document.getElementById('new-join-key').hidden = false;
    value.focus();
    value.select();
    status('Created the join key ' + keyLabel(created) + '.');
    await load();
  }

  async function copyJoinKey() {
    await Aegis.copy(document.getElementById('new-join-key-value'));
    status('Copied the join key.');
  }

  function dismissJoinKey() {
    document.getElementById('new-join-key-value').value = '';
    document.getElementById('new-join-key').hidden = true;
    document.getElementById('join-key-name').focus();
  }

  async function refresh() {
    await load();
    status('');
  }

  function guard(action) {
    return function (event) {
      action(event).catch(function (error) { status(error.message, true); });
    };
  }

  Aegis.start(async function () {
    try {
      await load();
    } catch (error) {
      // No join keys here: a standalone gateway; forbidden: an org's admin key on a coordinator.
      if (error.code === 'not_found' || error.code === 'forbidden') {
        document.getElementById(error.code === 'not_found' ? 'standalone' : 'operator-only').hidden = false;
        return;
      }
      throw error;
    }
    document.getElementById('fleet').hidden = false;
    document.getElementById('create-join-key').addEventListener('submit', guard(create));
    document.getElementById('copy-join-key').addEventListener('click', guard(copyJoinKey));
    document.getElementById('dismiss-join-key').addEventListener('click', dismissJoinKey);
    document.getElementById('refresh').addEventListener('click', guard(refresh));
    document.getElementById('revoke-cancel').addEventListener('click', function () {
      pendingRevoke = null;
      document.getElementById('revoke-dialog').close();
    });
    document.getElementById('revoke-confirm').addEventListener('click', guard(revoke));
  });
})();
