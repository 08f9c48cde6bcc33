// A participant's operations on their way to the server (docs/realtime.md, "operation").
//
// Each operation gets an id made here and is kept, in order, in storage (the
// page's localStorage) until the server answers it, so that nothing is lost to
// a dropped connection or a reload. The oldest is sent, its answer awaited,
// then the next: the server sees them in the order they were made. The server
// applies an id once, so sending one again is always safe.
//
// - No answer in time, or `too_fast`: the same operation is sent again after a
//   wait that doubles each time, at a random point in its upper half, so that a
//   room of phones that failed together does not try again in the same instant.
// - Any other refusal (`invalid_operation`, `board_closed` ...) would be refused
//   again: the operation is dropped, and onRefused says why.
//
// Everything it touches is given to it (the socket, the timers, the storage,
// the source of randomness), so that it runs and is tested without a browser.

export const ACK_TIMEOUT = 10_000; // ms to wait for an answer before sending again
export const FIRST_BACKOFF = 1_000; // ms, the longest first wait; doubled after each failure
export const MAX_BACKOFF = 30_000;

// How long to wait after `failures` failures in a row.
export function backoffDelay(failures, random = Math.random) {
  const ceiling = Math.min(FIRST_BACKOFF * 2 ** Math.max(failures - 1, 0), MAX_BACKOFF);
  return ceiling / 2 + (random() * ceiling) / 2;
}

// crypto.randomUUID only exists on HTTPS pages; getRandomValues works everywhere.
export function newOperationId(crypto = globalThis.crypto) {
  if (crypto.randomUUID) {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// Storage can be full or switched off: the queue then lives only as long as the page.
function load(storage, key) {
  try {
    const stored = JSON.parse(storage.getItem(key));
    return Array.isArray(stored) ? stored : [];
  } catch {
    return [];
  }
}

function save(storage, key, operations) {
  try {
    if (operations.length) {
      storage.setItem(key, JSON.stringify(operations));
    } else {
      storage.removeItem(key);
    }
  } catch {
    // Kept in memory instead; it is still sent while the page is open.
  }
}

export function createQueue({
  socket,
  storage,
  key,
  timers = globalThis,
  random = Math.random,
  makeId = newOperationId,
  onChange = () => {},
  onAcknowledged = () => {},
  onRefused = () => {},
}) {
  let operations = load(storage, key);
  let inFlight = null;
  let attempt = 0; // numbers each send, so that a late answer to an earlier one is ignored
  let retryTimer = null;
  let failures = 0;

  function changed() {
    save(storage, key, operations);
    onChange(operations.length);
  }

  function retryLater() {
    failures += 1;
    retryTimer = timers.setTimeout(() => {
      retryTimer = null;
      pump();
    }, backoffDelay(failures, random));
  }

  function answered(operation, error, answer) {
    inFlight = null;
    if (error || answer?.error === "too_fast") {
      // No answer in time, or asked to slow down: the same id is safe to send again.
      retryLater();
      return;
    }
    failures = 0;
    operations = operations.filter((queued) => queued.id !== operation.id);
    changed();
    if (answer?.ok) {
      onAcknowledged(operation, answer.result);
    } else {
      const refusal = answer && typeof answer === "object" ? answer : {};
      onRefused(operation, { message: "The server could not take that change.", ...refusal });
    }
    pump();
  }

  function pump() {
    if (inFlight || retryTimer || !socket.connected || !operations.length) {
      return;
    }
    const operation = operations[0];
    const sent = ++attempt;
    inFlight = operation;
    socket.timeout(ACK_TIMEOUT).emit("operation", operation, (error, answer) => {
      if (sent === attempt && inFlight === operation) {
        answered(operation, error, answer);
      }
    });
  }

  // Forget what was on its way: its answer, if one comes, is ignored and it is sent again.
  function stop() {
    attempt += 1;
    inFlight = null;
    timers.clearTimeout(retryTimer);
    retryTimer = null;
  }

  return {
    // Queue an operation and send it when its turn comes. With `replaces`, an operation
    // still waiting that it matches is replaced in its place: the newer one says all.
    add(fields, { replaces } = {}) {
      const operation = { id: makeId(), ...fields };
      const index = replaces ? operations.findIndex((queued) => queued !== inFlight && replaces(queued)) : -1;
      if (index >= 0) {
        operations[index] = operation;
      } else {
        operations.push(operation);
      }
      changed();
      pump();
      return operation;
    },
    // The operations not yet answered, oldest first.
    pending: () => operations.slice(),
    // Connected: send from the oldest, at once.
    resume() {
      stop();
      failures = 0;
      pump();
    },
    pause: stop,
    // Nothing queued can be sent any more (the participant was removed).
    clear() {
      stop();
      operations = [];
      changed();
    },
  };
}
