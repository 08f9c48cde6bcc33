// The participant's phone, built on the plain forms of templates/live/participant.html.
//
// - Every form is sent as an operation over the live connection (live/connection.js)
//   instead of loading a new page; what it changes is shown at once, marked "waiting to
//   send" until the server has it.
// - In the review, one step at a time (phone/steps.js). Choosing a tag moves on to the next.
// - Choices, "Saved" and new cards are announced in a polite live region.
// - Every snapshot (on each connection) puts the page right: tags, own words, cards.
//   A hidden rewording asks for a fresh one, as the phone cannot tell whose it was.
// - At the merge and closed stages, the draft charter is drawn again on every change.

import { connect } from "./live/connection.js";
import { createAnnouncer } from "./phone/announcer.js";
import { createCards } from "./phone/cards.js";
import { operationFrom, problemWith } from "./phone/forms.js";
import { showDraft } from "./phone/room-draft.js";
import { TAG_LABELS, createStatements, describe, drawCounts } from "./phone/statements.js";
import { createSteps } from "./phone/steps.js";
import { createOwnWords } from "./phone/words.js";

const MOVE_ON_DELAY = 400; // ms: long enough to see the choice marked before the next statement
const RELOAD_SPREAD = 1_500; // ms: a room of phones does not ask for the page in the same instant

const root = document.getElementById("participant");
const refusalLine = document.getElementById("live-refusal");
const cardList = document.getElementById("cards");
const pager = document.getElementById("pager");
const revealed = root.dataset.revealed === "yes";
let shownState = {
  stage: root.dataset.stage,
  open_board_ids: root.dataset.boards ? root.dataset.boards.split(",").map(Number) : [],
};

let live = null;
const pending = (kind) => (live ? live.pending().filter((operation) => operation.kind === kind) : []);
const announcer = createAnnouncer(document.getElementById("live-announcer"));
const statements = createStatements({ root, pending });
const words = createOwnWords({ root, pending });
const cards = cardList ? createCards({ list: cardList, pending, announcer }) : null;
const steps = createSteps({ root, pager, announcer });

let reloading = false;
function reloadSoon() {
  if (!reloading) {
    reloading = true;
    window.setTimeout(() => window.location.reload(), Math.random() * RELOAD_SPREAD);
  }
}

// The stage, the open boards and the results decide what the page shows: draw it afresh.
function follow(state) {
  const moved = state.stage !== shownState.stage || String(state.open_board_ids) !== String(shownState.open_board_ids);
  shownState = state;
  if (moved || state.results_revealed !== revealed) {
    reloadSoon();
  }
  const paused = document.getElementById("paused");
  if (paused) {
    paused.hidden = !state.tagging_locked;
  }
}

function moveOnFrom(section) {
  window.setTimeout(() => {
    // Only if the person is still looking at the statement they tagged.
    if (steps.current() === section) {
      steps.next();
    }
  }, MOVE_ON_DELAY);
}

// --- Sending the forms as operations ----------------------------------------------------

let lastClicked = null;
root.addEventListener("click", (event) => {
  lastClicked = event.target.closest("button");
});

root.addEventListener("submit", (event) => {
  const form = event.target;
  event.preventDefault();
  // event.submitter is missing on older phones.
  const operation = operationFrom(form, event.submitter || lastClicked);
  if (problemWith(form, operation)) {
    return;
  }
  refusalLine.textContent = "";
  const sent = live.send(operation);
  const section = form.closest(".app-step");
  const kind = operation.kind;

  if (kind === "tag") {
    statements.draw();
    announcer.say("choice", `${TAG_LABELS[operation.value]} chosen for ${describe(section)}`);
    if (operation.value === "adapt") {
      announcer.say("help", "You can suggest new wording below.");
    } else {
      moveOnFrom(section);
    }
  } else if (kind === "reword") {
    delete form.dataset.edited;
    form.querySelector("[data-note]").textContent = "Waiting to send";
  } else if (kind === "comment" || kind === "note") {
    words.add(kind, sent);
    form.reset();
  } else if (kind === "add_card") {
    form.reset();
    cards.draw();
  } else if (kind === "support") {
    cards.draw();
  } else {
    if (kind === "remove_card") {
      cards.draw();
    } else {
      const taken = kind.replace("remove_", "");
      words.remove(taken, operation[`${taken}_id`]);
    }
    section.querySelector(".app-step__title").focus();
    announcer.say("choice", "Removed");
  }
});

// A changed wording is no longer the saved one, and a snapshot leaves it alone until it is sent.
root.addEventListener("input", (event) => {
  const note = event.target.form?.querySelector("[data-note]");
  if (note) {
    note.textContent = "";
    event.target.form.dataset.edited = "yes";
  }
});

// --- Answers from the server ----------------------------------------------------------------

function acknowledged(operation, result) {
  const kind = operation.kind;
  if (kind === "tag" || kind === "reword") {
    statements.acknowledged(operation, result);
  } else if (kind === "comment" || kind === "note") {
    words.confirm(kind, operation, result[`${kind}_id`]);
  } else if (kind === "add_card" || kind === "support") {
    cards.acknowledged(operation, result);
  }
}

function refused(operation, answer) {
  refusalLine.textContent = answer.message;
  // Take back what was shown before the server said no.
  words.refused(operation);
  statements.refused(operation);
  cards?.draw();
}

// Announce when the connection is lost or back, and "Saved" when nothing is left to send.
let wasOffline = false;
let wasWaiting = false;
function status(text, connection, waiting) {
  if (connection === "offline" || connection === "refused") {
    if (!wasOffline) {
      announcer.say("status", text);
    }
    wasOffline = true;
    wasWaiting = wasWaiting || waiting > 0;
  } else if (connection === "online" && !waiting) {
    if (wasOffline) {
      announcer.say("status", wasWaiting ? "Back online. All changes saved" : "Back online");
    } else if (wasWaiting) {
      announcer.say("status", "Saved");
    }
    wasOffline = false;
    wasWaiting = false;
  } else if (waiting) {
    wasWaiting = true;
    // Something new is waiting: "Saved" would no longer be true.
    announcer.forget("status");
  }
}

function snapshot(data) {
  follow(data.workshop);
  statements.fromSnapshot(data);
  cards?.fromSnapshot(data);
  words.match("comment", data.mine.comments);
  words.match("note", data.mine.notes);
  for (const [boardId, counts] of Object.entries(data.counts)) {
    drawCounts(boardId, counts);
  }
  showDraft(data.draft);
}

function hidden(item) {
  if (!item.hidden) {
    // Restored cards come back with the next list; other restored words with the next page.
    return;
  }
  if (item.kind === "card") {
    cards?.hide(item.id);
  } else if (item.kind === "comment" || item.kind === "note") {
    words.remove(item.kind, item.id);
  } else if (item.kind === "rewording" && statements.hasSavedRewording()) {
    // Rewordings come without ids: only a phone with a saved one can be its author, and
    // the snapshot says which of its rewordings are still there.
    live.socket.emit("snapshot", (answer) => {
      if (answer?.ok) {
        snapshot(answer.snapshot);
      }
    });
  }
}

// The status line says why; nothing here can be sent any more.
function removed() {
  for (const part of root.querySelectorAll("form, .app-pager")) {
    part.hidden = true;
  }
}

live = connect({
  code: root.dataset.code,
  role: "participant",
  statusElement: document.getElementById("live-status"),
  on: {
    snapshot,
    state: follow,
    counts: (data) => drawCounts(data.board_id, data.counts),
    cards: (data) => cards?.set(data.cards),
    card_changes: (data) => cards?.change(data),
    hidden,
    removed,
    draft: (draft) => {
      showDraft(draft);
      announcer.say("draft", "Draft updated");
    },
    acknowledged,
    refused,
    status,
  },
});

words.showPending();
statements.draw();
cards?.draw();

if (pager && steps.length) {
  pager.addEventListener("click", (event) => {
    const button = event.target.closest("[data-go]");
    if (button) {
      steps[button.dataset.go]();
    }
  });
  for (const link of root.querySelectorAll(".app-jump a")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      link.closest("details").open = false;
      steps.show(steps.indexOf(link.hash.slice(1)), true);
    });
  }
  steps.start((section) => statements.shownTag(section).value);
}
