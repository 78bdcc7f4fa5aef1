// Settings > Fleet: the frame only (signed-in check and header) until the coordinator serves join keys.
'use strict';

Aegis.start(async function () {});
