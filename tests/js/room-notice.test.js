// What the phone says when the room moves on (static/js/phone/room-notice.js).
import assert from "node:assert/strict";
import { test } from "node:test";

import { roomChange } from "../../static/js/phone/room-notice.js";

// Each notice as usual and in easy read (labels.phone_notices): here named after its key.
const KEYS = ["moved_on", "opened_one", "opened_more", "closed_this", "closed_one", "results_shown", "results_hidden"];
const BUTTONS = ["go_there", "go_to_it", "go_to_them", "go_on", "show_them", "update_page"];
const notices = Object.fromEntries(
  [...KEYS, ...BUTTONS].map((key) => [key, key === "moved_on" ? ["Moved on to: {stage}.", "Now at: {stage}."] : [key, `${key} (easy)`]]),
);
const WORDS = {
  notices,
  stages: { lobby: "Lobby", review: "Review", missing: "What's missing", merge: "Merge", closed: "Closed" },
  stagesEasy: { lobby: "Waiting", review: "Look", missing: "Say what is missing", merge: "Writing", closed: "The end" },
};
const shown = { stage: "review", open_board_ids: [5], results_revealed: false };

test("nothing to say while the room is as the page shows it", () => {
  assert.equal(roomChange(shown, { ...shown, tagging_locked: true }, 5, WORDS), null);
});

test("a new stage leaves the page behind and names where the room is now, in each register's words", () => {
  assert.deepEqual(roomChange(shown, { ...shown, stage: "missing" }, 5, WORDS), {
    text: ["Moved on to: What's missing.", "Now at: Say what is missing."],
    button: notices.go_there,
    target: "#missing",
    automatic: true,
  });
  assert.equal(roomChange(shown, { ...shown, stage: "merge" }, null, WORDS).target, "");
});

test("another charter opened goes to that charter; by itself only if the page's own charter closed", () => {
  const next = { ...shown, open_board_ids: [6] };
  assert.deepEqual(roomChange(shown, next, 5, WORDS), {
    text: notices.opened_one,
    button: notices.go_to_it,
    target: "#board-6",
    automatic: true,
  });
  // On What's missing (no charter on screen), the page is still usable: cards can still be added.
  assert.equal(roomChange(shown, next, null, WORDS).automatic, false);
  const both = roomChange(shown, { ...shown, open_board_ids: [5, 6, 7] }, 5, WORDS);
  assert.deepEqual([both.text, both.button], [notices.opened_more, notices.go_to_them]);
  assert.equal(both.automatic, false);
});

test("a charter closed, and the results shown or hidden", () => {
  const two = { ...shown, open_board_ids: [5, 6] };
  assert.equal(roomChange(two, shown, 6, WORDS).text, notices.closed_this);
  assert.equal(roomChange(two, shown, 5, WORDS).text, notices.closed_one);
  const revealed = roomChange(shown, { ...shown, results_revealed: true }, 5, WORDS);
  assert.deepEqual([revealed.text, revealed.button], [notices.results_shown, notices.show_them]);
  // The results stay on the same step.
  assert.equal(revealed.target, null);
  assert.equal(revealed.automatic, true);
  const hidden = roomChange({ ...shown, results_revealed: true }, shown, 5, WORDS);
  assert.deepEqual([hidden.text, hidden.button], [notices.results_hidden, notices.update_page]);
});
