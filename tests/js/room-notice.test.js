// What the phone says when the room moves on (static/js/phone/room-notice.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { roomChange } from "../../static/js/phone/room-notice.js";

const STAGES = { lobby: "Lobby", review: "Review", missing: "What's missing", merge: "Merge", closed: "Closed" };
const shown = { stage: "review", open_board_ids: [5], results_revealed: false };

test("nothing to say while the room is as the page shows it", () => {
  assert.equal(roomChange(shown, { ...shown, tagging_locked: true }, 5, STAGES), null);
});

test("a new stage leaves the page behind and names where the room is now", () => {
  assert.deepEqual(roomChange(shown, { ...shown, stage: "missing" }, 5, STAGES), {
    text: "The workshop has moved on to: What's missing.",
    button: "Go there",
    target: "#missing",
    automatic: true,
  });
  assert.equal(roomChange(shown, { ...shown, stage: "merge" }, null, STAGES).target, "");
});

test("another charter opened goes to that charter; by itself only if the page's own charter closed", () => {
  const next = { ...shown, open_board_ids: [6] };
  assert.deepEqual(roomChange(shown, next, 5, STAGES), {
    text: "The facilitator has opened another charter to review.",
    button: "Go to it",
    target: "#board-6",
    automatic: true,
  });
  // On What's missing (no charter on screen), the page is still usable: cards can still be added.
  assert.equal(roomChange(shown, next, null, STAGES).automatic, false);
  const both = roomChange(shown, { ...shown, open_board_ids: [5, 6, 7] }, 5, STAGES);
  assert.equal(both.text, "The facilitator has opened more charters to review.");
  assert.equal(both.automatic, false);
});

test("a charter closed, and the results shown or hidden", () => {
  const two = { ...shown, open_board_ids: [5, 6] };
  assert.equal(roomChange(two, shown, 6, STAGES).text, "The facilitator has closed this charter.");
  assert.equal(roomChange(two, shown, 5, STAGES).text, "The facilitator has closed a charter.");
  const revealed = roomChange(shown, { ...shown, results_revealed: true }, 5, STAGES);
  assert.equal(revealed.text, "The facilitator has shown the room's results.");
  // The results stay on the same step.
  assert.equal(revealed.target, null);
  assert.equal(revealed.automatic, true);
});
