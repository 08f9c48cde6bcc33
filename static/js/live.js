/*
 * Charter Workshop's live client, shared by the participant's phone, the projector
 * and the facilitator's console. The protocol is in docs/realtime.md.
 *
 * Load /static/vendor/socket.io.min.js first, then this file. It defines one global:
 *
 *   const live = CharterLive.connect({
 *     code: "K7HMQA",              // the workshop's join code
 *     role: "participant",         // "participant", "projector" or "facilitator"
 *     key: "...",                  // the projector key (projector only)
 *     state: {stage: "review", open_board_ids: [5]}, // the state the page was drawn from
 *     statusElement: element,      // optional: kept showing "All changes saved" and the like
 *     reloadOnStageChange: true,   // the default: reload when the stage or open boards change
 *     on: {                        // optional; each is given the event's payload
 *       snapshot, state, counts, cards, notes, joined, word, hidden, removed, draft,
 *       acknowledged(operation, result), // an operation was applied
 *       refused(operation, answer),      // an operation was refused: answer.message says why
 *       status(text, connection, waiting), // connection: "connecting", "online", "offline" or "refused"
 *     },
 *   });
 *   live.send({kind: "tag", board_id: 5, statement_id: 12, value: "adapt"});
 *       // Participants: gives the operation an id, keeps it in localStorage and sends
 *       // it, in order, until the server answers. Returns the operation with its id.
 *   live.pending();     // the operations not yet answered, oldest first
 *   live.reloadSoon();  // reload the page after a random pause of up to 1.5 seconds
 *   live.socket;        // the Socket.IO socket, for anything else
 *
 * On every connection the server sends a full snapshot, so nothing relies on events
 * that were missed while offline. When the stage or the open boards have changed
 * (in a `state` event or a snapshot) the page reloads after a random pause, so that
 * a room full of phones does not ask for the page in the same instant.
 */
(function () {
  "use strict";

  const ACK_TIMEOUT = 10000; // ms to wait for an answer before sending the same operation again
  const FIRST_BACKOFF = 1000; // ms to wait after `too_fast` or no answer, doubled each time
  const MAX_BACKOFF = 30000;
  const RELOAD_SPREAD = 1500;
  const WAKE_CHECK_TIMEOUT = 5000; // ms a woken phone waits for an answer before reconnecting
  const EVENTS = ["counts", "cards", "card_changes", "notes", "joined", "word", "hidden", "removed", "draft"];

  // crypto.randomUUID only exists on HTTPS pages; getRandomValues works everywhere.
  function newId() {
    if (window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  // localStorage can be full or switched off: the queue then lives only as long as the page.
  function loadQueue(key) {
    try {
      return JSON.parse(window.localStorage.getItem(key)) || [];
    } catch (error) {
      return [];
    }
  }

  function saveQueue(key, queue) {
    try {
      if (queue.length) {
        window.localStorage.setItem(key, JSON.stringify(queue));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      // Kept in memory instead; it is still sent while the page is open.
    }
  }

  function changes(count) {
    return count === 1 ? "1 change" : count + " changes";
  }

  function sameBoards(a, b) {
    return String(a.open_board_ids) === String(b.open_board_ids);
  }

  function connect(options) {
    const on = options.on || {};
    const storageKey = "charter-workshop:operations:" + options.code;
    const participant = options.role === "participant";
    let queue = participant ? loadQueue(storageKey) : [];
    let connection = "connecting";
    let refusal = "";
    let state = options.state || null;
    let attempt = 0; // numbers each send, so that a late answer to an old one is ignored
    let inFlight = false;
    let retryTimer = null;
    let backoff = 0;
    let reloading = false;

    // WebSocket first: on a slow phone network each round trip counts, and long-polling
    // needs two more before the first tag. Where a venue blocks WebSockets, it falls back.
    const socket = window.io({
      auth: { workshop: options.code, role: options.role, key: options.key },
      transports: ["websocket", "polling"],
      tryAllTransports: true,
    });

    function call(name, ...args) {
      if (on[name]) {
        on[name](...args);
      }
    }

    function statusText() {
      if (connection === "refused") {
        return refusal;
      }
      if (!participant) {
        if (connection === "online") {
          return "Connected: changes appear as they happen";
        }
        return connection === "offline" ? "Offline: trying to reconnect. What you see may be out of date." : "Connecting";
      }
      const waiting = queue.length;
      if (connection === "online") {
        return waiting ? "Waiting to send " + changes(waiting) : "All changes saved";
      }
      if (connection === "offline") {
        return waiting
          ? "Offline: " + changes(waiting) + " waiting to send. They are kept and will be sent when you reconnect."
          : "Offline: your changes are kept and will be sent when you reconnect";
      }
      return waiting ? "Connecting: " + changes(waiting) + " waiting to send" : "Connecting";
    }

    function showStatus() {
      const text = statusText();
      if (options.statusElement) {
        options.statusElement.textContent = text;
        options.statusElement.dataset.connection = connection;
        options.statusElement.hidden = false;
      }
      call("status", text, connection, queue.length);
    }

    function reloadSoon() {
      if (!reloading) {
        reloading = true;
        window.setTimeout(() => window.location.reload(), Math.random() * RELOAD_SPREAD);
      }
    }

    // The stage or the open boards decide what the page shows: draw it afresh.
    function follow(next) {
      const before = state;
      state = next;
      const changed = before && (before.stage !== next.stage || !sameBoards(before, next));
      if (changed && options.reloadOnStageChange !== false) {
        reloadSoon();
      }
    }

    function retryLater() {
      backoff = Math.min(backoff ? backoff * 2 : FIRST_BACKOFF, MAX_BACKOFF);
      retryTimer = window.setTimeout(() => {
        retryTimer = null;
        pump();
      }, backoff);
    }

    // Send the oldest operation, wait for its answer, then the next: the server
    // sees them in the order they were made.
    function pump() {
      if (inFlight || retryTimer || !socket.connected || !queue.length) {
        return;
      }
      const operation = queue[0];
      const sent = ++attempt;
      inFlight = true;
      socket.timeout(ACK_TIMEOUT).emit("operation", operation, (error, answer) => {
        if (sent !== attempt) {
          return;
        }
        inFlight = false;
        if (error || (answer && answer.error === "too_fast")) {
          // No answer in time, or asked to slow down: the same id is safe to send again.
          retryLater();
          return;
        }
        backoff = 0;
        queue = queue.filter((queued) => queued.id !== operation.id);
        saveQueue(storageKey, queue);
        if (answer && answer.ok) {
          call("acknowledged", operation, answer.result);
        } else {
          // Sending it again would be refused again: drop it and say why.
          call("refused", operation, answer || { message: "The server could not take that change." });
        }
        showStatus();
        pump();
      });
    }

    function send(fields) {
      const operation = Object.assign({ id: newId() }, fields);
      queue.push(operation);
      saveQueue(storageKey, queue);
      showStatus();
      pump();
      return operation;
    }

    function stopSending() {
      attempt++;
      inFlight = false;
      window.clearTimeout(retryTimer);
      retryTimer = null;
    }

    socket.on("connect", () => {
      connection = "online";
      stopSending();
      backoff = 0;
      showStatus();
      pump();
    });

    socket.on("disconnect", () => {
      connection = "offline";
      stopSending();
      showStatus();
    });

    socket.on("connect_error", (error) => {
      if (socket.active) {
        // A network problem: Socket.IO tries again by itself.
        connection = "offline";
      } else {
        // The server said no, and will say no again.
        connection = "refused";
        refusal = (error.data && error.data.message) || "Could not connect to the workshop.";
      }
      showStatus();
    });

    socket.on("snapshot", (snapshot) => {
      follow(snapshot.workshop);
      call("snapshot", snapshot);
    });

    socket.on("state", (next) => {
      follow(next);
      call("state", next);
    });

    socket.on("removed", () => {
      // Everything still queued would be refused.
      queue = [];
      saveQueue(storageKey, queue);
      socket.disconnect();
      connection = "refused";
      refusal = "The facilitator has removed you from this workshop.";
      showStatus();
    });

    EVENTS.forEach((name) => socket.on(name, (payload) => call(name, payload)));

    // The browser knows it is offline long before a missed heartbeat would show it.
    window.addEventListener("offline", () => {
      if (socket.connected) {
        socket.io.engine.close();
      }
    });

    // Back online: connect now rather than at the next retry, which may be seconds away.
    window.addEventListener("online", () => {
      if (!socket.connected && connection !== "refused") {
        socket.disconnect();
        socket.connect();
      }
    });

    // A phone waking from sleep may hold a connection that died while it slept: ask for a
    // snapshot, and reconnect if no answer comes.
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState !== "visible" || !socket.connected) {
        return;
      }
      socket.timeout(WAKE_CHECK_TIMEOUT).emit("snapshot", (error, answer) => {
        if (error) {
          socket.disconnect();
          socket.connect();
        } else if (answer.ok) {
          follow(answer.snapshot.workshop);
          call("snapshot", answer.snapshot);
        }
      });
    });

    showStatus();

    return {
      socket,
      send,
      reloadSoon,
      pending: () => queue.slice(),
    };
  }

  window.CharterLive = { connect };
})();
