// The words of the status line: whether everything has reached the server.

function changes(count) {
  return count === 1 ? "1 change" : `${count} changes`;
}

// connection: "connecting", "online", "offline" or "refused"; waiting: operations not yet
// answered; unsent: texts typed but not yet sent. Screens that only watch (the projector,
// the console) send nothing.
export function statusText({ participant, connection, waiting = 0, unsent = 0, refusal = "" }) {
  if (connection === "refused") {
    return refusal;
  }
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
