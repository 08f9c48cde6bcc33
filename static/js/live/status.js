// The words of the status line: whether everything has reached the server.

function changes(count) {
  return count === 1 ? "1 change" : `${count} changes`;
}

// Not live, the phone says how old what it shows may be: offline, when it last heard from the
// room; still connecting, only once that was more than a minute ago (not for a page just loaded).
const STALE_AFTER = 60_000;

export function heardText(heard, now = new Date()) {
  const when = new Date(heard);
  const time = when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
  if (when.toDateString() === now.toDateString()) {
    return `Last heard from the room at ${time}.`;
  }
  return `Last heard from the room on ${when.toLocaleDateString("en-GB", { day: "numeric", month: "long" })} at ${time}.`;
}

// connection: "connecting", "online", "offline" or "refused"; waiting: operations not yet
// answered; unsent: texts typed but not yet sent; heard: when anything last came from the
// server (ms since 1970). Screens that only watch (the projector, the console) send nothing.
// easy: the phone's easy-read words (labels.status_easy) when easy read is on.
export function statusText({
  participant,
  connection,
  waiting = 0,
  unsent = 0,
  refusal = "",
  heard = null,
  now = new Date(),
  easy = null,
}) {
  if (connection === "refused") {
    return refusal;
  }
  if (participant && easy) {
    return easyText({ connection, waiting, unsent, easy });
  }
  const text = liveText({ participant, connection, waiting, unsent });
  if (connection === "online" || heard === null || (connection === "connecting" && now - heard < STALE_AFTER)) {
    return text;
  }
  return `${text}${text.endsWith(".") ? "" : "."} ${heardText(heard, now)}`;
}

function liveText({ participant, connection, waiting, unsent }) {
  if (!participant) {
    if (connection === "online") {
      return "Connected: changes appear as they happen";
    }
    return connection === "offline" ? "Offline: trying to reconnect. What you see may be out of date." : "Connecting";
  }
  if (connection === "online") {
    if (waiting) {
      return `Waiting to send ${changes(waiting)}`;
    }
    return unsent ? "Not sent yet: what you are typing is kept on this phone" : "All changes saved";
  }
  if (connection === "offline") {
    return waiting
      ? `Offline: ${changes(waiting)} waiting to send. They are kept and will be sent when you reconnect.`
      : "Offline: your changes are kept and will be sent when you reconnect";
  }
  return waiting ? `Connecting: ${changes(waiting)} waiting to send` : "Connecting";
}

// In easy read: one plain message for each state, without counts or times.
function easyText({ connection, waiting, unsent, easy }) {
  if (connection === "online") {
    if (waiting) {
      return easy.sending;
    }
    return unsent ? easy.unsent : easy.saved;
  }
  return connection === "offline" ? easy.offline : easy.connecting;
}
