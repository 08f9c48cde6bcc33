// What the phone keeps of the room (static/js/phone/kept.js): the last snapshot, with each
// answered operation and each change from the room laid over it as the server applied it.
import assert from "node:assert/strict";
import { test } from "node:test";

import { changedCards, withEvent, withOperation } from "../../static/js/phone/kept.js";

function snapshot() {
  return {
    workshop: { stage: "review", results_revealed: false },
    mine: { tags: {}, rewordings: {}, comments: [], notes: [], cards: [7], supports: [] },
    cards: [
      { id: 7, text: "Mine", supports: 2 },
      { id: 8, text: "Theirs", supports: 1 },
    ],
    counts: {},
    draft: null,
  };
}

test("a tag, a wording, a comment and a note answered are the person's own, as on the server", () => {
  const kept = snapshot();
  withOperation(kept, { kind: "tag", board_id: 1, statement_id: 4, value: "adapt" }, { statement_id: 4, value: "adapt" });
  withOperation(kept, { kind: "reword", board_id: 1, statement_id: 4 }, { statement_id: 4, text: "New words" });
  withOperation(kept, { kind: "comment", board_id: 1, statement_id: 4 }, { comment_id: 30, statement_id: 4, text: "Hm" });
  withOperation(kept, { kind: "note", board_id: 1 }, { note_id: 40, column: "good", text: "Clear" });
  assert.deepEqual(kept.mine.tags, { "1:4": "adapt" });
  assert.deepEqual(kept.mine.rewordings, { "1:4": "New words" });
  assert.deepEqual(kept.mine.comments, [{ id: 30, board_id: 1, statement_id: 4, text: "Hm" }]);
  assert.deepEqual(kept.mine.notes, [{ id: 40, board_id: 1, column: "good", text: "Clear" }]);

  withOperation(kept, { kind: "remove_comment" }, { comment_id: 30, removed: true });
  withOperation(kept, { kind: "remove_note" }, { note_id: 40, removed: true });
  assert.deepEqual([kept.mine.comments, kept.mine.notes], [[], []]);
});

test("cards added, supported, taken back and removed change the person's cards and the room's list", () => {
  const kept = snapshot();
  withOperation(kept, { kind: "add_card" }, { card_id: 9, text: "New" });
  withOperation(kept, { kind: "support" }, { card_id: 8, supported: true });
  assert.deepEqual(kept.mine.cards, [7, 9]);
  assert.deepEqual(kept.mine.supports, [8]);
  assert.deepEqual(
    kept.cards.map((card) => [card.id, card.supports]),
    [[7, 2], [8, 2], [9, 0]],
  );
  // An answer to a resend changes nothing more.
  withOperation(kept, { kind: "support" }, { card_id: 8, supported: true });
  assert.equal(kept.cards[1].supports, 2);
  withOperation(kept, { kind: "support" }, { card_id: 8, supported: false });
  withOperation(kept, { kind: "remove_card" }, { card_id: 7, removed: true });
  assert.deepEqual([kept.mine.cards, kept.mine.supports], [[9], []]);
  assert.deepEqual(
    kept.cards.map((card) => [card.id, card.supports]),
    [[8, 1], [9, 0]],
  );
});

test("the room's changes: its stage, counts, cards, draft, and what the facilitator hid", () => {
  const kept = snapshot();
  withEvent(kept, "state", { stage: "missing", results_revealed: true });
  withEvent(kept, "counts", { board_id: 1, counts: { 4: { total: { borrow: 1, adapt: 0, ignore: 0 }, skipped: 0 } } });
  withEvent(kept, "card_changes", { cards: [{ id: 10, text: "Popular", supports: 5 }], removed: [8] });
  withEvent(kept, "draft", { title: "Our charter", themes: [] });
  withEvent(kept, "hidden", { kind: "card", id: 7, hidden: true });
  assert.equal(kept.workshop.stage, "missing");
  assert.deepEqual(Object.keys(kept.counts), ["1"]);
  assert.deepEqual(
    kept.cards.map((card) => card.id),
    [10],
  );
  assert.deepEqual(kept.mine.cards, []);
  assert.equal(kept.draft.title, "Our charter");
  // Shown again: the next list brings it back, as on the page.
  withEvent(kept, "hidden", { kind: "card", id: 10, hidden: false });
  assert.deepEqual(
    kept.cards.map((card) => card.id),
    [10],
  );
});

test("a list of only the changed cards keeps the others, most supported first", () => {
  const list = [
    { id: 1, supports: 3 },
    { id: 2, supports: 1 },
    { id: 3, supports: 1 },
  ];
  assert.deepEqual(
    changedCards(list, { cards: [{ id: 3, supports: 4 }], removed: [1] }).map((card) => card.id),
    [3, 2],
  );
});
