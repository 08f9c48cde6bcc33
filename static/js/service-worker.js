// The participant's page when the network is down (docs/performance.md, "Offline").
//
// Served as /w/service-worker.js, so that it looks after the phone's pages (/w/<code>) and
// nothing else. The app puts before this script the addresses of the page's script,
// stylesheet and icon, with their versions, in `self.shell`, the page to show when there is
// neither a network nor a copy in `self.offlinePage`, and in `self.keepHours` how long
// after the phone last heard from the room a copy may be shown (the privacy notice says it). It keeps:
// - the page's static files (the shell), fetched when it is installed and answered from
//   its cache from then on: their addresses change whenever they do;
// - the last copy of each workshop's page the phone loaded, refreshed on every load. The
//   network is always asked first; the copy is shown only when the network does not answer
//   (or the server fails), and the page then says when it last heard from the room;
// - what the page keeps beside it (phone/offline.js): the last snapshot, under the page's
//   address and KEPT_SNAPSHOT, which a newer copy of the page makes out of date.
// A workshop the server no longer shows this phone (deleted, or the person removed or
// erased) is forgotten as soon as the server says so, and nothing is shown more than
// `keepHours` after the phone last heard from the room: it is deleted when a page is next opened.

import { KEPT_SNAPSHOT, PAGES_CACHE, SHELL_CACHE } from "./phone/kept.js";

const PAGE = /^\/w\/[^/]+$/;

const shell = self.shell || [];
// Shown for a workshop's page there is no copy of: it asks for the page again by itself.
const offlinePage = self.offlinePage || null;
const shellAndOfflinePage = offlinePage ? shell.concat(offlinePage) : shell;
const keepFor = (self.keepHours || 0) * 3600 * 1000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(shellAndOfflinePage))
      .then(() => self.skipWaiting()),
  );
});

// The files of an earlier version of the page are no use any more.
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      const current = new Set(shellAndOfflinePage.map((address) => new URL(address, self.location.origin).href));
      for (const request of await cache.keys()) {
        if (!current.has(request.url)) {
          await cache.delete(request);
        }
      }
      await forgetExpired();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && PAGE.test(url.pathname) && url.pathname !== offlinePage) {
    event.respondWith(page(request, url.origin + url.pathname));
    event.waitUntil(forgetExpired());
  } else if (shell.length && url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request, { cacheName: SHELL_CACHE }).then((kept) => kept || fetch(request)));
  }
});

// The page asks for a copy of itself when it was loaded before this worker looked after it.
self.addEventListener("message", (event) => {
  const address = event.data?.keep;
  if (typeof address === "string" && PAGE.test(new URL(address, self.location.origin).pathname)) {
    const key = new URL(address, self.location.origin).href;
    // The page asking keeps its snapshot up to date itself: that stays.
    event.waitUntil(fetch(key, { credentials: "same-origin" }).then((response) => remember(key, response, false)));
  }
});

// When the phone last heard from the room about this page: the kept snapshot's time, or the
// page's own (its Date header), whichever is later.
async function lastHeard(cache, key) {
  const [copy, snapshot] = await Promise.all([cache.match(key), cache.match(key + KEPT_SNAPSHOT)]);
  const times = [];
  if (copy) {
    times.push(Date.parse(copy.headers.get("Date")) || 0);
  }
  if (snapshot) {
    times.push(Number((await snapshot.json()).heard) || 0);
  }
  return times.length ? Math.max(...times) : null;
}

async function forget(cache, key) {
  await Promise.all([cache.delete(key), cache.delete(key + KEPT_SNAPSHOT)]);
}

async function forgetExpired() {
  const cache = await caches.open(PAGES_CACHE);
  for (const request of await cache.keys()) {
    if (PAGE.test(new URL(request.url).pathname)) {
      const heard = await lastHeard(cache, request.url);
      if (heard === null || Date.now() - heard > keepFor) {
        await forget(cache, request.url);
      }
    }
  }
}

// A page the server drew for this person is kept (and, loaded anew, the snapshot kept beside
// the last one is older than it); one it no longer shows them is forgotten.
async function remember(key, response, loaded = true) {
  const cache = await caches.open(PAGES_CACHE);
  const ours = response.ok && !response.redirected && new URL(response.url).pathname === new URL(key).pathname;
  if (ours) {
    await cache.put(key, response.clone());
    if (loaded) {
      await cache.delete(key + KEPT_SNAPSHOT);
    }
  } else if (response.type === "opaqueredirect" || response.redirected || response.status === 404) {
    await forget(cache, key);
  }
  return response;
}

async function page(request, key) {
  let response = null;
  try {
    response = await fetch(request);
  } catch {
    // No network: the copy, if there is one.
  }
  if (response && response.status < 500) {
    return remember(key, response);
  }
  await forgetExpired();
  const copy = await caches.match(key, { cacheName: PAGES_CACHE, ignoreVary: true });
  if (copy) {
    return copy;
  }
  const fallback = offlinePage && (await caches.match(offlinePage, { cacheName: SHELL_CACHE }));
  return response || fallback || Response.error();
}
