// What the phone keeps of the room for when the network is down, and where: shared by the
// participant's page (phone/offline.js, phone/cards.js) and the service worker
// (service-worker.js). The snapshot's changes are plain functions, tested without a browser.

export const SHELL_CACHE = "charter-workshop-shell";
export const PAGES_CACHE = "charter-workshop-pages";
// Added to a page's address: the last snapshot, kept beside the copy of the page.
export const KEPT_SNAPSHOT = "/kept-snapshot.json";

// The list after only the cards that changed: new ones, new numbers of supporters, and those now gone.
export function changedCards(list, { cards, removed }) {
  const gone = new Set(removed);
  const changed = new Set(cards.map((card) => card.id));
  const kept = list.filter((card) => !gone.has(card.id) && !changed.has(card.id));
  // Most supported first, as the server orders the whole list.
  return kept.concat(cards).sort((a, b) => b.supports - a.supports || a.id - b.id);
}

// The snapshot as the server now holds it, after an operation of this person's was applied.
export function withOperation(snapshot, operation, result) {
  const mine = snapshot.mine;
  const key = `${operation.board_id}:${operation.statement_id}`;
  const without = (list, id) => list.filter((item) => (item.id ?? item) !== id);
  if (operation.kind === "tag") {
    mine.tags[key] = result.value;
  } else if (operation.kind === "reword") {
    mine.rewordings[key] = result.text;
  } else if (operation.kind === "comment") {
    mine.comments.push({ id: result.comment_id, board_id: operation.board_id, statement_id: result.statement_id, text: result.text });
  } else if (operation.kind === "note") {
    mine.notes.push({ id: result.note_id, board_id: operation.board_id, column: result.column, text: result.text });
  } else if (operation.kind === "remove_comment") {
    mine.comments = without(mine.comments, result.comment_id);
  } else if (operation.kind === "remove_note") {
    mine.notes = without(mine.notes, result.note_id);
  } else if (operation.kind === "add_card") {
    mine.cards.push(result.card_id);
    if (!snapshot.cards.some((card) => card.id === result.card_id)) {
      snapshot.cards.push({ id: result.card_id, text: result.text, supports: 0 });
    }
  } else if (operation.kind === "remove_card") {
    mine.cards = without(mine.cards, result.card_id);
    snapshot.cards = without(snapshot.cards, result.card_id);
  } else if (operation.kind === "support") {
    const card = snapshot.cards.find((found) => found.id === result.card_id);
    if (card && result.supported !== mine.supports.includes(card.id)) {
      card.supports += result.supported ? 1 : -1;
    }
    mine.supports = without(mine.supports, result.card_id).concat(result.supported ? [result.card_id] : []);
  }
  return snapshot;
}

// The snapshot after a change the room sent to every phone.
export function withEvent(snapshot, name, payload) {
  if (name === "state") {
    snapshot.workshop = payload;
  } else if (name === "counts") {
    snapshot.counts[payload.board_id] = payload.counts;
  } else if (name === "cards") {
    snapshot.cards = payload.cards;
  } else if (name === "card_changes") {
    snapshot.cards = changedCards(snapshot.cards, payload);
  } else if (name === "draft") {
    snapshot.draft = payload;
  } else if (name === "hidden" && payload.hidden) {
    const list = { comment: "comments", note: "notes", card: "cards" }[payload.kind];
    if (list) {
      snapshot.mine[list] = snapshot.mine[list].filter((item) => (item.id ?? item) !== payload.id);
    }
    if (payload.kind === "card") {
      snapshot.cards = snapshot.cards.filter((card) => card.id !== payload.id);
    }
  }
  return snapshot;
}
