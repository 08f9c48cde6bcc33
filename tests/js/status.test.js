// The status line's words (static/js/live/status.js): "All changes saved" only when it is true.
import assert from "node:assert/strict";
import { test } from "node:test";

import { statusText } from "../../static/js/live/status.js";

test("a phone says all is saved only with nothing queued and nothing typed but not sent", () => {
  const online = { participant: true, connection: "online" };
  assert.equal(statusText({ ...online, waiting: 0, unsent: 0 }), "All changes saved");
  assert.equal(statusText({ ...online, waiting: 2, unsent: 0 }), "Waiting to send 2 changes");
  assert.equal(statusText({ ...online, waiting: 1, unsent: 1 }), "Waiting to send 1 change");
  assert.equal(
    statusText({ ...online, waiting: 0, unsent: 1 }),
    "Not sent yet: what you are typing is kept on this phone",
  );
});

test("offline, what is waiting is said to be kept", () => {
  const offline = { participant: true, connection: "offline" };
  assert.match(statusText({ ...offline, waiting: 1 }), /^Offline: 1 change waiting to send\. They are kept/);
  assert.equal(statusText({ ...offline, waiting: 0 }), "Offline: your changes are kept and will be sent when you reconnect");
});

test("a refusal is said in the server's words; screens that only watch say whether they are live", () => {
  assert.equal(
    statusText({ participant: true, connection: "refused", refusal: "Join the workshop again with its code or link." }),
    "Join the workshop again with its code or link.",
  );
  assert.equal(statusText({ participant: false, connection: "online" }), "Connected: changes appear as they happen");
  assert.match(statusText({ participant: false, connection: "offline" }), /may be out of date/);
});

test("offline, a phone says when it last heard from the room; connecting, once that was a minute ago", () => {
  const now = new Date(2026, 10, 30, 14, 40);
  const offline = { participant: true, connection: "offline", now };
  assert.equal(
    statusText({ ...offline, waiting: 3, heard: new Date(2026, 10, 30, 14, 32).getTime() }),
    "Offline: 3 changes waiting to send. They are kept and will be sent when you reconnect. Last heard from the room at 14:32.",
  );
  assert.equal(
    statusText({ ...offline, connection: "connecting", heard: new Date(2026, 10, 29, 9, 5).getTime() }),
    "Connecting. Last heard from the room on 29 November at 09:05.",
  );
  assert.equal(
    statusText({ ...offline, heard: now.getTime() - 30_000 }),
    "Offline: your changes are kept and will be sent when you reconnect. Last heard from the room at 14:39.",
  );
  assert.equal(statusText({ ...offline, connection: "connecting", heard: now.getTime() - 30_000 }), "Connecting");
  assert.equal(statusText({ ...offline, connection: "online", heard: 0 }), "All changes saved");
});

test("in easy read a participant's status is one plain message for each state", () => {
  const easy = { saved: "Saved.", sending: "Sending.", unsent: "Kept.", offline: "No internet.", connecting: "Wait." };
  const phone = { participant: true, easy };
  assert.equal(statusText({ ...phone, connection: "online" }), "Saved.");
  assert.equal(statusText({ ...phone, connection: "online", waiting: 2 }), "Sending.");
  assert.equal(statusText({ ...phone, connection: "online", unsent: 1 }), "Kept.");
  assert.equal(statusText({ ...phone, connection: "offline", waiting: 3, heard: Date.now() }), "No internet.");
  assert.equal(statusText({ ...phone, connection: "connecting" }), "Wait.");
  assert.equal(statusText({ ...phone, connection: "refused", refusal: "Join again." }), "Join again.");
  // Screens that only watch keep their own words.
  assert.equal(statusText({ participant: false, connection: "online", easy }), "Connected: changes appear as they happen");
});
