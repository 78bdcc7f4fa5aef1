// Settings > Gateway: the signing public key(s) agents pin (gateway-public-key), each with a copy button.
'use strict';

(function () {
  const { api, el, status } = Aegis;

  function publicKey(key, index, count) {
    const id = 'public-key-' + index;
    const name = count > 1 ? 'Public key ' + (index + 1) + ' of ' + count : 'Public key';
    const pem = el('textarea', { id: id, class: 'pem', readonly: true, spellcheck: 'false', rows: key.pem.split('\n').length });
    pem.value = key.pem;
    const copy = el('button', { type: 'button', class: 'copy-pem', text: 'Copy', 'aria-label': 'Copy ' + name.toLowerCase() });
    copy.addEventListener('click', function () {
      Aegis.copy(pem).then(function () { status('Copied the public key.'); });
    });
    return el('div', { class: 'public-key', 'data-fingerprint': key.fingerprint }, [
      el('label', { for: id }, [name + ' ', el('code', { class: 'fingerprint', text: key.fingerprint })]),
      el('div', { class: 'row' }, [pem, copy])
    ]);
  }

  Aegis.start(async function () {
    const signing = await api('GET', 'signing-key');
    document.getElementById('algorithm').textContent = 'Algorithm ' + signing.algorithm
      + (signing.public_keys.length > 1 ? '; the first key signs, the others are still accepted during a rotation.' : '.');
    document.getElementById('public-keys').replaceChildren(...signing.public_keys.map(function (key, index) {
      return publicKey(key, index, signing.public_keys.length);
    }));
  });
})();
