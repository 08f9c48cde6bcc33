// The live connection shared by the participant's phone, the projector and the
// facilitator's console. The protocol is in docs/realtime.md.
//
//   const live = connect({
//     code: "K7HMQA",          // the workshop's join code
//     role: "participant",     // "participant", "projector" or "facilitator"
//     key: "...",              // the projector key (projector only)
//     review: 7,               // optional: watch this review's results only (projector and facilitator)
//     statusElement: element,  // optional: kept showing "All changes saved" and the like
//     unsent: () => 0,         // optional: how many texts are typed but not yet queued
//     on: {                    // optional; each is given the event's payload
//       snapshot, state, counts, cards, card_changes, notes, joined, word, hidden, removed, deleted, draft,
//       review_results,
//       any(name, payload),              // every event, before its own handler
//       acknowledged(operation, result), // an operation was applied
//       refused(operation, answer),      // an operation was refused: answer.message says why
//       status(text, connection, waiting), // connection: "connecting", "online", "offline" or "refused"
//     },
//   });
//   live.send({kind: "tag", board_id: 5, statement_id: 12, value: "adapt"});
//       // Participants: queued (see queue.js) and sent, in order, until the server answers.
//   live.pending();   // the operations not yet answered, oldest first
//   live.showStatus(); // say again what is saved (after `unsent` changed)
//   live.heardAt(time); // what is shown came from the server at that time (a kept snapshot)
//   live.socket;      // the Socket.IO socket, for anything else
//
// On every connection the server sends a full snapshot, so nothing relies on
// events missed while offline.

import { io } from "socket.io-client";
import { createQueue } from "./queue.js";
import { labels } from "./labels.js";
import { statusText } from "./status.js";

const WAKE_CHECK_TIMEOUT = 5_000; // ms a woken phone waits for an answer before reconnecting
const STALE_CHECK_EVERY = 15_000; // ms between checks of how old what a phone not live shows is
// A whole room comes back together when the venue's Wi-Fi does: spread the reconnections.
const BACK_ONLINE_SPREAD = 1_000;
const EVENTS = [
  ...["counts", "cards", "card_changes", "notes", "joined", "word_groups", "words", "hidden", "draft", "focus"],
  "priorities",
  "actions",
  "review_results",
];

// localStorage (or sessionStorage) throws where the browser forbids it: what is kept then
// lives in memory, or not at all.
export function pageStorage(kind = "localStorage") {
  try {
    return window[kind];
  } catch {
    return null;
  }
}

export function connect({ code, role, key, review, statusElement, unsent = () => 0, on = {} }) {
  const participant = role === "participant";
  // A page shown from the phone's copy while the network is down need not wait to say so.
  let connection = navigator.onLine === false ? "offline" : "connecting";
  // When anything last came from the server: at the latest when it drew the page (ms since 1970).
  let heard = Number(statusElement?.dataset.rendered) || null;
  let refusal = "";

  const call = (name, ...args) => on[name]?.(...args);

  // WebSocket first: on a slow phone network each round trip counts, and long-polling
  // needs two more before the first tag. Where a venue blocks WebSockets, it falls back.
  // After a lost connection each phone waits between a quarter and three quarters of a
  // second, then doubling up to 1.5 s between tries, each wait at random within half of it
  // either way: a room of phones whose server restarted is back within a few seconds of it
  // answering (bench/room_load.py --crash-after), but not all in the same instant.
  const socket = io({
    auth: review ? { workshop: code, role, key, review } : { workshop: code, role, key },
    transports: ["websocket", "polling"],
    tryAllTransports: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 1_500,
    randomizationFactor: 0.5,
  });

  function showStatus() {
    const waiting = queue ? queue.pending().length : 0;
    const typed = unsent();
    const easy = participant && document.documentElement.classList.contains("app-easy-read") ? labels.status_easy : null;
    const text = statusText({ participant, connection, waiting, unsent: typed, refusal, heard, easy });
    if (statusElement) {
      statusElement.textContent = text;
      statusElement.dataset.connection = connection;
      statusElement.dataset.saved = waiting || typed ? "no" : "yes";
      statusElement.hidden = false;
    }
    call("status", text, connection, waiting);
  }

  const queue = participant
    ? createQueue({
        socket,
        storage: pageStorage(),
        key: `charter-workshop:operations:${code}`,
        timers: window,
        onChange: showStatus,
        onAcknowledged: (operation, result) => call("acknowledged", operation, result),
        onRefused: (operation, answer) => call("refused", operation, answer),
      })
    : null;

  // Anything from the server, events and answers alike, is news from the room.
  socket.io.on("packet", () => {
    heard = Date.now();
  });
  socket.onAny((name, payload) => call("any", name, payload));

  socket.on("connect", () => {
    connection = "online";
    showStatus();
    queue?.resume();
  });

  socket.on("disconnect", () => {
    connection = "offline";
    queue?.pause();
    showStatus();
  });

  socket.on("connect_error", (error) => {
    if (socket.active) {
      // A network problem: Socket.IO tries again by itself.
      connection = "offline";
    } else {
      // The server said no, and will say no again.
      connection = "refused";
      refusal = error.data?.message || "Could not connect to the workshop.";
    }
    showStatus();
  });

  socket.on("snapshot", (snapshot) => call("snapshot", snapshot));
  socket.on("state", (state) => call("state", state));

  // Removed from the workshop, or the workshop deleted: nothing more can be sent or shown.
  function ended(name, message, payload) {
    // Everything still queued would be refused.
    queue?.clear();
    socket.disconnect();
    connection = "refused";
    refusal = message;
    call(name, payload);
    showStatus();
  }

  socket.on("removed", () => ended("removed", "The facilitator has removed you from this workshop."));
  socket.on("deleted", (payload) => ended("deleted", payload.message, payload));

  for (const name of EVENTS) {
    socket.on(name, (payload) => call(name, payload));
  }

  // The browser knows it is offline long before a missed heartbeat would show it.
  window.addEventListener("offline", () => {
    if (socket.connected) {
      socket.io.engine.close();
    }
  });

  // Back online: connect soon rather than at the next retry, which may be seconds away.
  window.addEventListener("online", () => {
    window.setTimeout(() => {
      if (!socket.connected && connection !== "refused") {
        socket.disconnect();
        socket.connect();
      }
    }, Math.random() * BACK_ONLINE_SPREAD);
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
        call("snapshot", answer.snapshot);
      }
    });
  });

  // Not live for long: the status line comes to say when the phone last heard from the room.
  window.setInterval(() => {
    if (connection !== "online") {
      showStatus();
    }
  }, STALE_CHECK_EVERY);

  showStatus();

  return {
    socket,
    send: (fields, options) => queue.add(fields, options),
    pending: () => (queue ? queue.pending() : []),
    showStatus,
    heardAt(time) {
      heard = Math.max(heard || 0, time);
      showStatus();
    },
  };
}
