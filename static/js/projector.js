// The big screen, live: who has joined, the counts, the notes, the cards and
// the draft charter, with no clicks. The server decides what the projector may
// see: before the facilitator reveals the results it only sends how many have
// tagged, and the draft only from the merge stage on.
//
// Text from people is only ever set with textContent.

import { counted, labels } from "./live/labels.js";
import { createRefresher } from "./live/refresh.js";
import { connectScreen, reloadWhenReachable, showGroups, throttledAnnouncer } from "./live/screen.js";
import { makePages } from "./projector/pages.js";

const TAG_VALUES = Object.keys(labels.tags);
const root = document.querySelector("[data-projector]");
const state = JSON.parse(root.dataset.state);
const announce = throttledAnnouncer(root.querySelector("[data-announce]"));
const stage = root.querySelector("[data-fit]");

const pagesContainer = stage.querySelector("[data-pages]");
const pages = pagesContainer ? makePages(pagesContainer, stage.querySelector("[data-pager]")) : null;
// The summary of where the room agrees: drawn by the server, again a few seconds after the counts change.
const summary = stage.querySelector("[data-summary]");
const SUMMARY_REDRAW_SECONDS = 5;
let summaryRedraw = null;

// After a change of what is shown: the pages laid out again if the page shown no longer fits.
// Nothing is ever shrunk to fit: what is long goes on over pages (projector/pages.js).
function fitToScreen() {
  pages?.refit();
}

function showJoined(count) {
  const text = counted(labels.joined, count);
  for (const element of root.querySelectorAll("[data-joined-text]")) {
    element.textContent = text;
  }
  announce(`${text}.`);
}

// Only what the group said, to keep the line short: "Health: 2 borrow, 1 ignore".
function groupLine(label, split) {
  const item = document.createElement("li");
  const said = TAG_VALUES.filter((value) => split[value]).map((value) => `${split[value]} ${value}`);
  item.textContent = `${label}: ${said.join(", ")}`;
  return item;
}

function showCounts(boardId, counts, tagged, skipped) {
  const rows = root.querySelectorAll(`[data-statement-id][data-board="${boardId}"]`);
  if (!rows.length) {
    return;
  }
  let tags = 0;
  for (const row of rows) {
    const id = row.dataset.statementId;
    tags += tagged[id] || 0;
    row.querySelector("[data-skipped]").textContent = String(skipped[id] || 0);
    if (!state.results_revealed) {
      row.querySelector("[data-tagged]").textContent = String(tagged[id] || 0);
      continue;
    }
    const entry = counts[id];
    const total = entry ? entry.total : { borrow: 0, adapt: 0, ignore: 0 };
    const sum = total.borrow + total.adapt + total.ignore;
    for (const value of TAG_VALUES) {
      row.querySelector(`[data-count="${value}"]`).textContent = String(total[value]);
      row.querySelector(`[data-bar="${value}"]`).setAttribute("width", sum ? String(Math.round((total[value] * 100) / sum)) : "0");
    }
    showGroups(row, entry, labels, groupLine);
  }
  announce(`${tags} tags so far.`);
}

// A board's notes, column by column, on the pages (projector/pages.js).
function showNotes(boardId, notes) {
  const byColumn = {};
  for (const column of Object.keys(labels.note_columns)) {
    byColumn[`notes-${boardId}-${column}`] = notes
      .filter((note) => note.column === column)
      .map((note) => {
        const item = document.createElement("li");
        item.className = "app-note";
        item.dataset.noteId = note.id;
        item.textContent = note.text;
        return item;
      });
  }
  if (pages?.has(`notes-${boardId}`)) {
    pages.setItems(byColumn);
  }
}

function showCards(cards) {
  if (!pages?.has("cards")) {
    return;
  }
  pages.setItems({
    cards: cards.map((card) => {
      const item = document.createElement("li");
      item.className = "app-pcard";
      item.dataset.cardId = card.id;
      const text = document.createElement("p");
      text.className = "app-pcard__text";
      text.textContent = card.text;
      const support = document.createElement("p");
      support.className = "app-pcard__support";
      support.textContent = counted(labels.support, card.supports);
      item.append(text, support);
      return item;
    }),
  });
  announce(`${counted(labels.cards, cards.length)}.`);
}

// The rewordings and comments of the statement in focus, as they are now (none hidden), newest first,
// on the pages (projector/pages.js): every one of them, a page at a time when there are many.
function showWords({ board_id: boardId, statement_id: statementId, ...words }) {
  const focus = root.querySelector("[data-focus]");
  if (!focus || focus.dataset.board !== String(boardId) || focus.dataset.statementId !== String(statementId)) {
    return;
  }
  const byKind = {};
  for (const kind of ["rewordings", "comments"]) {
    byKind[kind] = [...words[kind]].reverse().map((word) => {
      const item = document.createElement("li");
      item.className = "app-note";
      item.dataset.wordKey = `${kind.slice(0, -1)}-${word.id}`;
      item.textContent = word.text;
      return item;
    });
  }
  pages.setItems(byKind);
}

// Each statement drawn, by id: its theme and wording, to tell what the next draft changed.
let drawnStatements = null;

function draftStatement(statement, changed) {
  const item = document.createElement("li");
  item.className = "app-pdraft__statement";
  item.classList.toggle("app-pdraft__statement--changed", changed);
  item.dataset.draftStatementId = statement.id;
  item.textContent = statement.text;
  return item;
}

function draftTheme(theme, changedIds) {
  const section = document.createElement("section");
  section.className = "app-pdraft__theme";
  section.dataset.theme = "";
  section.dataset.group = "draft";
  const title = document.createElement("h2");
  title.className = "app-pdraft__theme-title";
  title.textContent = theme.title;
  const list = document.createElement("ul");
  list.className = "app-pdraft__list";
  list.append(...theme.statements.map((statement) => draftStatement(statement, changedIds.has(statement.id))));
  const empty = document.createElement("p");
  empty.className = "app-pdraft__empty";
  empty.dataset.empty = "";
  empty.hidden = theme.statements.length > 0;
  empty.textContent = "No statements yet";
  section.append(title, list, empty);
  return section;
}

// The whole draft, drawn again: the statements added, reworded or moved to
// another theme since the last one are marked, and their page shown.
function showDraft(draft) {
  if (!pagesContainer?.hasAttribute("data-draft") || !draft) {
    return;
  }
  const now = new Map();
  for (const theme of draft.themes) {
    for (const statement of theme.statements) {
      now.set(statement.id, `${theme.id}:${statement.text}`);
    }
  }
  const changedIds = new Set();
  if (drawnStatements) {
    for (const [id, drawn] of now) {
      if (drawnStatements.get(id) !== drawn) {
        changedIds.add(id);
      }
    }
  }
  drawnStatements = now;
  root.querySelector("[data-draft-title]").textContent = draft.title;
  root.querySelector("[data-draft-waiting]").hidden = true;
  root.querySelector("[data-draft-note]").hidden = false;
  pages.setGroup("draft", draft.themes.map((theme) => draftTheme(theme, changedIds)));
  const changed = root.querySelector(".app-pdraft__statement--changed");
  if (changed) {
    pages.showPageOf(changed);
  }
}

// The priorities board drawn again: its parts given to the pages in place of the ones they had, so
// that the page shown stays, and the pages change only where they must.
function replacePriorities(shown, fresh) {
  const parts = fresh.querySelector("[data-pages]");
  if (!pages || !parts) {
    shown.replaceWith(fresh);
    return;
  }
  const waiting = shown.querySelector("[data-no-outcomes]");
  if (waiting) {
    waiting.hidden = fresh.querySelector("[data-no-outcomes]").hidden;
  }
  pages.setGroup("priorities", Array.from(parts.children));
}

const refreshPriorities = createRefresher("[data-priorities]", { replace: replacePriorities });

const drawnActions = root.querySelector("[data-actions]");

// The action plan, as the server drew it (a section, hidden while there are no actions): on pages of its
// own after the rest, rather than taking room from them. The server's own stays, empty and hidden, for
// the next one drawn to take its place.
function showActions(shown, fresh) {
  if (!pages) {
    shown.replaceWith(fresh);
    return;
  }
  fresh.dataset.theme = "";
  fresh.dataset.group = "actions";
  fresh.removeAttribute("aria-labelledby");
  fresh.querySelector("[id]")?.removeAttribute("id");
  const items = fresh.querySelectorAll("[data-action-id]");
  const newest = items[items.length - 1];
  pages.setGroup("actions", fresh.hidden ? [] : [fresh], { last: true });
  // Written as the room watches: its page is shown.
  if (newest && shown !== drawnActions) {
    pages.showPageOf(newest);
  }
}

if (drawnActions && pages) {
  showActions(drawnActions, drawnActions.cloneNode(true));
  drawnActions.hidden = true;
  drawnActions.replaceChildren();
}
const refreshActions = createRefresher("[data-actions]", { replace: showActions });

connectScreen(root, "projector", {
  priorities() {
    refreshPriorities();
  },
  actions() {
    refreshActions();
    announce("Action plan updated.");
  },
  snapshot(snapshot) {
    showJoined(snapshot.joined);
    for (const boardId of Object.keys(snapshot.tagged)) {
      showCounts(boardId, snapshot.counts[boardId] || {}, snapshot.tagged[boardId], snapshot.skipped[boardId]);
    }
    for (const boardId of Object.keys(snapshot.notes)) {
      showNotes(boardId, snapshot.notes[boardId]);
    }
    showCards(snapshot.cards);
    showDraft(snapshot.draft);
    if (snapshot.priorities) {
      refreshPriorities();
    }
    if (snapshot.actions.length) {
      refreshActions();
    }
  },
  draft(draft) {
    showDraft(draft);
    announce("Draft updated.");
  },
  counts({ board_id: boardId, counts, tagged, skipped }) {
    if (summary) {
      summaryRedraw ??= window.setTimeout(reloadWhenReachable, SUMMARY_REDRAW_SECONDS * 1000);
      return;
    }
    showCounts(boardId, counts, tagged, skipped);
    fitToScreen();
  },
  notes({ board_id: boardId, notes }) {
    showNotes(boardId, notes);
  },
  cards({ cards }) {
    showCards(cards);
  },
  joined({ joined }) {
    showJoined(joined);
  },
  words(words) {
    showWords(words);
  },
  hidden({ kind, id, hidden }) {
    const selector = {
      note: `[data-note-id="${id}"]`,
      card: `[data-card-id="${id}"]`,
      rewording: `[data-word-key="rewording-${id}"]`,
      comment: `[data-word-key="comment-${id}"]`,
    }[kind];
    // Hidden things go at once; restored ones come back with the next notes or cards.
    const shown = hidden && selector ? root.querySelector(selector) : null;
    if (shown) {
      pages?.removeItem(shown);
    }
  },
});

window.addEventListener("resize", () => pages?.layOut());
