// The facilitator's console, live: counts, who has joined and finished, and
// the words to moderate, as they come in. Every control is a plain form; the
// big screen's and the room's buttons are sent in the background and their parts
// of the page drawn again in place (console/controls.js); a change of stage or
// board loads the page again.
//
// Text from people is only ever set with textContent.

import { DRAWN_IN_PLACE, enhanceControls } from "./console/controls.js";
import { counted, labels } from "./live/labels.js";
import { createRefresher } from "./live/refresh.js";
import { connectScreen, showGroups, throttledAnnouncer } from "./live/screen.js";

const TAG_VALUES = Object.keys(labels.tags);
// Who has finished each board is in the snapshot only: ask for one at most this often.
const REFRESH_SECONDS = 2;

const root = document.querySelector("[data-console]");
const state = JSON.parse(root.dataset.state);
const boards = JSON.parse(root.dataset.boards);
// The real figures by group, small groups too, only when the facilitator chose to see them.
const realFigures = root.dataset.realFigures === "yes";
const announce = throttledAnnouncer(root.querySelector("[data-announce]"));
const moderationTemplate = document.getElementById("moderation-item-template");
const participantTemplate = document.getElementById("participant-template");
const groupTemplate = document.getElementById("word-group-template");

const statementTexts = new Map();
for (const board of boards) {
  for (const theme of board.themes) {
    for (const statement of theme.statements) {
      statementTexts.set(statement.id, statement.text);
    }
  }
}

let joined = Number(root.querySelector("[data-joined]").textContent);
let finished = {};
let waiting = false;
let notesByBoard = {};
let refreshTimer = null;

function setAll(selector, text) {
  for (const element of root.querySelectorAll(selector)) {
    element.textContent = text;
  }
}

// --- The room at a glance ------------------------------------------------------

function showNextStep() {
  const line = root.querySelector("[data-next-step]");
  if (!line) {
    return;
  }
  if (state.stage === "lobby") {
    line.textContent = joined
      ? "When everyone has joined, move the room to Review."
      : "Nobody has joined yet. Share the code, the link or the QR code.";
    return;
  }
  const open = state.open_board_ids;
  const nowWaiting = joined > 0 && open.length > 0 && open.every((id) => (finished[id] || 0) >= joined);
  line.textContent = nowWaiting ? "Everyone has finished: the room is waiting for you." : "The room is still tagging.";
  line.classList.toggle("app-glance__next--waiting", nowWaiting);
  if (nowWaiting && !waiting) {
    announce("Everyone has finished.");
  }
  waiting = nowWaiting;
}

function showJoined(count) {
  if (count !== joined) {
    announce(`${counted(labels.joined, count)}.`);
  }
  joined = count;
  setAll("[data-joined]", String(count));
  showNextStep();
}

// How many took part with a supporter: a number only, never who.
function showSupported(supported) {
  if (supported) {
    root.querySelector("[data-supported]").textContent = `${supported.text}.`;
  }
}

function showFinished(taggedBy) {
  finished = taggedBy;
  for (const [boardId, count] of Object.entries(taggedBy)) {
    setAll(`[data-finished="${boardId}"]`, String(count));
  }
  showNextStep();
}

// --- Results -------------------------------------------------------------------

function groupLine(label, split) {
  const item = document.createElement("li");
  item.textContent = `${label}: ${split.borrow} borrow, ${split.adapt} adapt, ${split.ignore} ignore`;
  return item;
}

function showCounts(boardId, counts, tagged, skipped) {
  const board = root.querySelector(`[data-board-id="${boardId}"]`);
  if (!board) {
    return;
  }
  for (const row of board.querySelectorAll("[data-statement-id]")) {
    const entry = counts[row.dataset.statementId];
    for (const value of TAG_VALUES) {
      row.querySelector(`[data-count="${value}"]`).textContent = String(entry ? entry.total[value] : 0);
    }
    row.querySelector("[data-tagged]").textContent = String(tagged[row.dataset.statementId] || 0);
    row.querySelector("[data-skipped]").textContent = String(skipped[row.dataset.statementId] || 0);
    showGroups(row, entry, labels, groupLine, realFigures);
  }
}

// --- Lists that change: people and the words to moderate --------------------------

// Brings a list up to date without rebuilding the items already there, so that
// focus and an open "Remove" stay where they are.
function syncList(name, entries, template, fill) {
  const container = root.querySelector(`[data-list="${name}"]`);
  syncItems(container.querySelector("[data-items]"), entries, template, fill);
  container.querySelector("[data-empty]").hidden = entries.length > 0;
}

function syncItems(list, entries, template, fill) {
  const existing = new Map([...list.children].map((item) => [item.dataset.key, item]));
  entries.forEach((entry, index) => {
    const item = existing.get(entry.key) || template.content.firstElementChild.cloneNode(true);
    item.dataset.key = entry.key;
    fill(item, entry);
    if (list.children[index] !== item) {
      list.insertBefore(item, list.children[index] || null);
    }
  });
  while (list.children.length > entries.length) {
    list.lastElementChild.remove();
  }
}

function showHidden(item, hidden) {
  item.classList.toggle("app-moderation__item--hidden", hidden);
  item.querySelector("[data-hidden-tag]").hidden = !hidden;
  const button = item.querySelector("[data-hide-button]");
  button.value = hidden ? "restore" : "hide";
  button.textContent = hidden ? "Restore" : "Hide";
}

function fillModeration(item, { kind, word, context }) {
  item.dataset.kind = kind;
  item.dataset.id = word.id;
  item.querySelector("[data-context]").textContent = context;
  const text = item.querySelector("[data-text]");
  text.textContent = word.text;
  text.id = `${kind}-${word.id}-text`;
  item.querySelector("[name=kind]").value = kind;
  item.querySelector("[name=item_id]").value = word.id;
  item.querySelector("[data-hide-button]").setAttribute("aria-describedby", text.id);
  showHidden(item, word.hidden);
}

function showCards(cards) {
  const entries = cards.map((card) => ({
    key: `card-${card.id}`,
    kind: "card",
    word: card,
    context: counted(labels.support, card.supports),
  }));
  syncList("cards", entries, moderationTemplate, fillModeration);
}

function showNotes() {
  const entries = [];
  for (const board of boards) {
    for (const note of notesByBoard[board.id] || []) {
      entries.push({
        key: `note-${note.id}`,
        kind: "note",
        word: note,
        context: `${board.charter.title}, ${labels.note_columns[note.column]}`,
      });
    }
  }
  syncList("notes", entries, moderationTemplate, fillModeration);
}

// A group of the same or near-identical words, in the server's order (live/words.py): given by
// several people, once with how many and each person's words inside, to hide one; otherwise the
// words alone.
function fillGroup(element, { group, context }) {
  const many = group.items.length > 1;
  element.querySelector("[data-context]").textContent = context;
  element.querySelector("[data-said-line]").hidden = !many;
  element.querySelector("[data-people]").textContent = `${counted(labels.gave[group.kind], group.people)}:`;
  element.querySelector("[data-said]").textContent = group.text;
  const each = element.querySelector("[data-each]");
  each.hidden = !many;
  const list = element.querySelector("[data-group-items]");
  const place = many ? each.querySelector("[data-each-place]") : element.querySelector("[data-one-place]");
  if (list.parentElement !== place) {
    place.append(list);
  }
  const entries = group.items.map((word) => ({ key: `${group.kind}-${word.id}`, kind: group.kind, word, context: "" }));
  syncItems(list, entries, moderationTemplate, fillModeration);
}

function showWordGroups(groups) {
  for (const kind of ["rewording", "comment"]) {
    const entries = groups
      .filter((group) => group.kind === kind)
      .map((group) => ({ key: group.key, group, context: `On: ${statementTexts.get(group.statement_id) || ""}` }));
    syncList(kind, entries, groupTemplate, fillGroup);
  }
}

function fillParticipant(item, { person }) {
  for (const number of item.querySelectorAll("[data-number]")) {
    number.textContent = String(person.number);
  }
  item.querySelector("[data-name]").textContent = person.display_name || "No name given";
  item.querySelector("[data-removed-tag]").hidden = !person.removed;
  item.querySelector("[data-remove]").hidden = person.removed;
  for (const field of item.querySelectorAll("[data-participant-field]")) {
    field.value = person.id;
  }
}

function showParticipants(participants) {
  const entries = participants.map((person) => ({ key: String(person.id), person }));
  syncList("people", entries, participantTemplate, fillParticipant);
}

// --- Events --------------------------------------------------------------------

function applySnapshot(snapshot) {
  showJoined(snapshot.joined);
  showSupported(snapshot.supported);
  for (const boardId of Object.keys(snapshot.counts)) {
    showCounts(boardId, snapshot.counts[boardId], snapshot.tagged[boardId], snapshot.skipped[boardId]);
  }
  showFinished(snapshot.tagged_by);
  showParticipants(snapshot.participants);
  showCards(snapshot.cards);
  notesByBoard = snapshot.notes;
  showNotes();
  showWordGroups(snapshot.word_groups);
}

function refreshSoon() {
  if (refreshTimer !== null) {
    return;
  }
  refreshTimer = window.setTimeout(() => {
    refreshTimer = null;
    socket.emit("snapshot", (answer) => {
      if (answer.ok) {
        applySnapshot(answer.snapshot);
      }
    });
  }, REFRESH_SECONDS * 1000);
}

const refreshPriorities = createRefresher("[data-priorities-live]");

const saidRegion = root.querySelector("[data-control-said]");
const redrawControls = enhanceControls(root, {
  said(text) {
    saidRegion.textContent = text;
  },
});

const socket = connectScreen(
  root,
  "facilitator",
  {
    snapshot: applySnapshot,
    priorities() {
      refreshPriorities();
    },
    counts({ board_id: boardId, counts, tagged, skipped }) {
      showCounts(boardId, counts, tagged, skipped);
      refreshSoon();
    },
    joined({ joined: count, supported }) {
      showJoined(count);
      showSupported(supported);
      refreshSoon();
    },
    cards({ cards }) {
      showCards(cards);
    },
    notes({ board_id: boardId, notes }) {
      notesByBoard[boardId] = notes;
      showNotes();
    },
    word_groups({ word_groups: groups }) {
      showWordGroups(groups);
    },
    hidden({ kind, id, hidden }) {
      const item = root.querySelector(`[data-key="${kind}-${id}"]`);
      if (item) {
        showHidden(item, hidden);
      }
    },
  },
  { inPlace: DRAWN_IN_PLACE, redraw: redrawControls },
);

// --- The big screen -------------------------------------------------------------

// N and P move the big screen to the next or previous statement, unless a text box has the focus. A key
// held down does not repeat: each press moves the big screen once.
const SHORTCUTS = { n: "next", p: "previous" };
document.addEventListener("keydown", (event) => {
  const action = SHORTCUTS[event.key.toLowerCase()];
  const typing = event.target.closest?.("input, textarea, select, [contenteditable]");
  if (!action || typing || event.repeat || event.altKey || event.ctrlKey || event.metaKey) {
    return;
  }
  const button = root.querySelector(`#big-screen form:has(input[name=action][value=${action}]) button`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});

// The preview: the big screen's own page, drawn at 1920 x 1080 and scaled to the width it has.
const preview = root.querySelector("[data-preview]");
function scalePreview() {
  preview.style.setProperty("--preview-scale", String(preview.clientWidth / 1920));
}
if (preview) {
  scalePreview();
  window.addEventListener("resize", scalePreview);
}
