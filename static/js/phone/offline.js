// The participant's page when the network drops (docs/performance.md, "Offline").
//
// Once connected, the page registers the service worker (service-worker.js), which keeps a
// copy of the page and its files, and asks it for a copy of this page if it was loaded
// before the worker looked after it. Beside that copy it keeps the last snapshot, with
// every answered operation and every change from the room laid over it, and when the phone
// last heard from the room. A page shown from that copy (the network down) is put right
// from the kept snapshot, and the status line says when the phone last heard from the room
// (live/status.js). The phone's name is never kept. When the server says the workshop is
// gone or the person was removed, everything kept for it is deleted.

import { KEPT_SNAPSHOT, PAGES_CACHE, withEvent, withOperation } from "./kept.js";

const SAVE_EVERY = 1_000; // ms: at most one write a second, however busy the room

// The worker is served beside the page it looks after (/w/service-worker.js beside /w/<code>).
export function createOffline({ serviceWorker = "service-worker.js", timers = window } = {}) {
  const page = new URL(window.location.pathname, window.location.origin).href;
  const supported = "serviceWorker" in navigator && "caches" in window;
  let kept = null; // { heard, snapshot }
  let saveTimer = null;
  // Whether the server has sent a snapshot to this page: newer than anything kept.
  let fromServer = false;
  // Writes to Cache Storage one after another: everything deleted (forget) is never followed
  // by a snapshot whose writing began before it.
  let writing = Promise.resolve();
  const inTurn = (task) => (writing = writing.then(task, task));

  function save() {
    saveTimer = null;
    return inTurn(async () => {
      if (!kept) {
        return;
      }
      try {
        const cache = await caches.open(PAGES_CACHE);
        await cache.put(page + KEPT_SNAPSHOT, new Response(JSON.stringify(kept), { headers: { "Content-Type": "application/json" } }));
      } catch {
        // Storage full or refused: the copy of the page is all there is.
      }
    });
  }

  function saveSoon() {
    if (supported && saveTimer === null) {
      saveTimer = timers.setTimeout(save, SAVE_EVERY);
    }
  }

  return {
    // Once connected: the worker, and a copy of this page if the worker did not serve it.
    async start() {
      if (!supported) {
        return;
      }
      try {
        const registration = await navigator.serviceWorker.register(serviceWorker);
        const ready = await navigator.serviceWorker.ready;
        if (!navigator.serviceWorker.controller) {
          (ready.active || registration.active)?.postMessage({ keep: page });
        }
      } catch {
        // No worker (a private window, or storage refused): the page works as before.
      }
    },
    // The snapshot kept for this page, if the page was shown from the worker's copy.
    async load() {
      if (!supported || !navigator.serviceWorker.controller) {
        return null;
      }
      try {
        const found = await caches.match(page + KEPT_SNAPSHOT, { cacheName: PAGES_CACHE });
        // The worker shows no copy older than the notice allows, nor the snapshot beside it.
        const stored = found ? await found.json() : null;
        if (fromServer) {
          return null;
        }
        kept = stored;
        return kept;
      } catch {
        return null;
      }
    },
    acknowledged(operation, result) {
      if (kept) {
        withOperation(kept.snapshot, operation, result);
        kept.heard = Date.now();
        saveSoon();
      }
    },
    // An event from the server. A snapshot replaces what was kept (never with the phone's
    // name); the workshop deleted or the person removed, nothing of it stays on the phone.
    event(name, payload) {
      if (name === "snapshot") {
        fromServer = true;
        const copy = JSON.parse(JSON.stringify(payload));
        delete copy.me.display_name;
        kept = { heard: Date.now(), snapshot: copy };
        saveSoon();
      } else if (name === "removed" || name === "deleted") {
        forget();
      } else if (kept) {
        withEvent(kept.snapshot, name, payload);
        kept.heard = Date.now();
        saveSoon();
      }
    },
    forget,
  };

  function forget() {
    kept = null;
    timers.clearTimeout(saveTimer);
    saveTimer = null;
    if (!supported) {
      return Promise.resolve();
    }
    return inTurn(async () => {
      const cache = await caches.open(PAGES_CACHE);
      await Promise.all([cache.delete(page), cache.delete(page + KEPT_SNAPSHOT)]);
    });
  }
}
