// The participant's phone, built on the plain forms of templates/live/participant.html.
//
// - Every form is sent as an operation over the live connection (live/connection.js)
//   instead of loading a new page; what it changes is shown at once, marked "waiting to
//   send" until the server has it.
// - In the review, one step at a time, moved only by the person (phone/steps.js says why).
// - What is typed is kept as it is typed, bound to the form it was typed in, and sent when
//   the person presses the form's button or moves on; a suggested wording is also saved
//   after a pause in the typing (phone/typing.js). "All changes saved" means just that.
// - When the room moves on, the phone says so and waits for the person (phone/room-notice.js).
// - If the facilitator asks, the phone goes to the statement on the big screen, but never
//   under someone's typing (phone/follow.js).
// - Choices, moves, "Saved" and new cards are announced in a polite live region.
// - Every snapshot (on each connection) puts the page right: tags, own words, cards.
//   A hidden rewording asks for a fresh one, as the phone cannot tell whose it was.
// - At the merge and closed stages, the draft charter is drawn again on every change.
// - Easy read, larger text, high contrast and reading aloud, kept on this phone (phone/reading.js).
// - A reload while the network is down shows the phone's copy of the page, put right from the
//   last snapshot, and says when the phone last heard from the room (phone/offline.js).

import { connect, pageStorage } from "./live/connection.js";
import { labels } from "./live/labels.js";
import { showActions } from "./phone/actions.js";
import { createAnnouncer } from "./phone/announcer.js";
import { createCards } from "./phone/cards.js";
import { createFollow } from "./phone/follow.js";
import { operationFrom, problemWith } from "./phone/forms.js";
import { createPriorities } from "./phone/priorities.js";
import { createRoomNotice } from "./phone/room-notice.js";
import { showDraft } from "./phone/room-draft.js";
import { setUpReading } from "./phone/reading.js";
import { shownRegister } from "./phone/registers.js";
import { createStatements, drawCounts, statementName } from "./phone/statements.js";
import { createSteps } from "./phone/steps.js";
import { createTyping } from "./phone/typing.js";
import { createOwnWords } from "./phone/words.js";
import { createOffline } from "./phone/offline.js";

const root = document.getElementById("participant");
const refusalLine = document.getElementById("live-refusal");
const cardList = document.getElementById("cards");
const pager = document.getElementById("pager");
// First, so that the page is drawn as this phone's person chose as soon as can be.
setUpReading({ root, storage: pageStorage(), labels: labels.reading, onEasyRead: () => live?.showStatus() });

let live = null;
const offline = createOffline();
const pending = (kind) => (live ? live.pending().filter((operation) => operation.kind === kind) : []);
const announcer = createAnnouncer(document.getElementById("live-announcer"));
const statements = createStatements({ root, pending, labels: labels.choices, notices: labels.phone_notices });
const words = createOwnWords({ root, pending });
const cards = cardList ? createCards({ list: cardList, pending, announcer }) : null;
const actionSection = document.getElementById("action-plan");
const prioritySection = document.getElementById("priorities");
const priorities = prioritySection ? createPriorities({ section: prioritySection, pending, announcer }) : null;
const typing = createTyping({
  root,
  code: root.dataset.code,
  storage: pageStorage(),
  onChange: () => live?.showStatus(),
  save: (form) => send(form, null, { quiet: true }),
});
const steps = pager
  ? createSteps({
      root,
      pager,
      announcer,
      describeStep: (step) => (step.classList.contains("app-statement") ? statements.describe(step) : ""),
      leaving: (step) => {
        sendTyped(step);
        roomNotice.settle();
      },
    })
  : null;

// --- Sending the forms as operations ----------------------------------------------------

// Send one form as an operation, and show at once what it changes. Quiet: sent because the
// person moved on or paused, not by a button: nothing is announced and no focus moves.
// Returns whether it was sent.
function send(form, submitter, { quiet = false } = {}) {
  const operation = operationFrom(form, submitter);
  if (quiet ? !operation.text?.trim() || (operation.kind === "note" && !operation.column) : problemWith(form, operation)) {
    return false;
  }
  refusalLine.textContent = "";
  const kind = operation.kind;
  // A newer wording for the same statement replaces one still waiting to send.
  const replaces =
    kind === "reword"
      ? (queued) => queued.kind === "reword" && queued.board_id === operation.board_id && queued.statement_id === operation.statement_id
      : undefined;
  const sent = live.send(operation, { replaces });
  savedWhileTyping = quiet && kind === "reword";
  typing.forget(form);
  const section = form.closest(".app-step");

  if (kind === "tag") {
    statements.draw();
    announcer.say("choice", `${labels.choices[operation.value]} chosen for ${statementName(section)}.`);
    if (operation.value === "adapt") {
      announcer.say("help", "You can suggest new wording below.");
    }
  } else if (kind === "reword") {
    delete form.dataset.edited;
    form.querySelector("[data-note]").textContent = "Waiting to send";
  } else if (kind === "comment" || kind === "note") {
    words.add(kind, sent);
    form.reset();
    delete form.dataset.edited;
  } else if (kind === "add_card") {
    form.reset();
    delete form.dataset.edited;
    cards.draw();
  } else if (kind === "support") {
    cards.draw();
  } else if (kind === "set_supported") {
    showSupported(form, operation.supported);
  } else if (priorities?.kinds.includes(kind)) {
    if (kind === "add_priority_card") {
      form.reset();
      delete form.dataset.edited;
    }
    priorities.draw();
    const said = { vote: operation.supported ? "Vote placed" : "Vote taken back", remove_priority_card: "Removed" }[kind];
    if (said) {
      announcer.say("choice", said);
    }
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
  return true;
}

// Whether a supporter is using this phone with the person it counts for: the form offers the other.
function showSupported(form, supported) {
  form.elements.supported.value = supported ? "no" : "yes";
  form.querySelector("button").textContent = supported ? labels.supporter.stop : labels.supporter.start;
  const said = supported ? labels.supporter.on : labels.supporter.off;
  root.querySelector("[data-supporter-status]").textContent = said;
  announcer.say("choice", said);
}

// Moving on from a step (or the page) sends what was typed on it, where it was typed.
function sendTyped(within) {
  for (const form of typing.waiting(within)) {
    send(form, null, { quiet: true });
  }
}

let lastClicked = null;
root.addEventListener("click", (event) => {
  lastClicked = event.target.closest("button");
});

root.addEventListener("submit", (event) => {
  event.preventDefault();
  // event.submitter is missing on older phones.
  send(event.target, event.submitter || lastClicked);
});

// A wording being changed is not the saved one, and a snapshot leaves it alone until it is sent.
root.addEventListener("input", (event) => {
  const form = event.target.form;
  if (!form) {
    return;
  }
  form.dataset.edited = "yes";
  const note = form.querySelector("[data-note]");
  if (note) {
    note.textContent = "Not saved yet";
  }
});

// Leaving the page (a reload, another address, the phone putting the tab away): a wording
// in progress goes into the queue, which storage keeps; other texts stay in their boxes.
window.addEventListener("pagehide", () => {
  for (const form of typing.waiting(root)) {
    if (form.elements.kind.value === "reword") {
      typing.saveNow(form);
    }
  }
});

// --- Answers from the server ----------------------------------------------------------------

function acknowledged(operation, result) {
  offline.acknowledged(operation, result);
  const kind = operation.kind;
  if (kind === "tag" || kind === "reword") {
    statements.acknowledged(operation, result);
  } else if (kind === "comment" || kind === "note") {
    words.confirm(kind, operation, result[`${kind}_id`]);
  } else if (kind === "add_card" || kind === "support") {
    cards.acknowledged(operation, result);
  } else if (priorities?.kinds.includes(kind)) {
    priorities.acknowledged(operation, result);
  }
}

// The form an operation came from, if this page still has it.
function formOf(operation) {
  const kind = operation.kind;
  const forms = Array.from(root.querySelectorAll("form")).filter((form) => form.elements.kind?.value === kind);
  if (kind === "note") {
    return forms.find((form) => Number(form.elements.board_id.value) === operation.board_id);
  }
  if (kind === "comment" || kind === "reword") {
    return forms.find((form) => Number(form.elements.statement_id.value) === operation.statement_id);
  }
  return kind === "add_card" ? forms[0] : undefined;
}

// Said on the next page too when this one is being left (the room moved on), and with the
// words that could not be saved, so that the person can keep them.
const REFUSAL_KEY = "charter-workshop:refusal";

function showRefusal(text) {
  refusalLine.textContent = text;
  if (roomNotice.leaving) {
    try {
      pageStorage("sessionStorage").setItem(REFUSAL_KEY, text);
    } catch {
      // Only on this page, then.
    }
  }
}

function refused(operation, answer) {
  // The box the words came from, unless it is gone (or about to go, the page being left).
  const form = operation.text && !roomNotice.leaving ? formOf(operation) : null;
  if (operation.text && !form) {
    // Say the words, rather than lose them quietly.
    showRefusal(`${answer.message} Not saved: \u201c${operation.text}\u201d`);
  } else {
    showRefusal(answer.message);
  }
  // Take back what was shown before the server said no, but not what the person wrote.
  words.refused(operation);
  statements.refused(operation);
  cards?.draw();
  priorities?.draw();
  if (form) {
    typing.keep(form, operation.text);
  }
}

// Announce when the connection is lost or back, and "Saved" when nothing is left to send
// (not for a wording saved while the person types: that would interrupt them each pause).
let wasOffline = false;
let wasWaiting = false;
let savedWhileTyping = false;
let started = false;
function status(text, connection, waiting) {
  if (connection === "online" && !started) {
    // Connected once: now the phone can afford to keep a copy of the page.
    started = true;
    offline.start();
  } else if (connection === "refused") {
    // This phone can no longer see the workshop: it keeps nothing of it.
    offline.forget();
  }
  if (connection === "offline" || connection === "refused") {
    if (!wasOffline) {
      announcer.say("status", text);
    }
    wasOffline = true;
    wasWaiting = wasWaiting || waiting > 0;
  } else if (connection === "online" && !waiting) {
    if (wasOffline) {
      announcer.say("status", wasWaiting ? "Back online. All changes saved" : "Back online");
    } else if (wasWaiting && !savedWhileTyping) {
      announcer.say("status", shownRegister(labels.phone_notices.all_saved));
    }
    wasOffline = false;
    wasWaiting = false;
  } else if (waiting) {
    wasWaiting = true;
    // Something new is waiting: "Saved" would no longer be true.
    announcer.forget("status");
  }
}

const shownState = {
  stage: root.dataset.stage,
  open_board_ids: root.dataset.boards ? root.dataset.boards.split(",").map(Number) : [],
  results_revealed: root.dataset.revealed === "yes",
};
// Writing: words typed and not sent yet, or the cursor in a box.
const busy = () => typing.waiting(root).length > 0 || Boolean(document.activeElement?.matches("textarea, input[type=text]"));
const roomNotice = createRoomNotice({
  notice: document.getElementById("room-notice"),
  announcer,
  shown: shownState,
  words: { notices: labels.phone_notices, stages: labels.stages, stagesEasy: labels.stages_easy },
  waitingPage: !steps && !root.querySelector("form"),
  busy,
  currentBoardId: () => {
    const board = steps?.current().closest(".app-board");
    return board ? Number(board.dataset.board) : null;
  },
  leave: () => sendTyped(root),
  storage: pageStorage("sessionStorage"),
});

const followNotice = document.getElementById("follow-notice");
const bigScreen = steps && followNotice ? createFollow({ root, notice: followNotice, steps, busy, announcer, notices: labels.phone_notices }) : null;

function follow(state) {
  roomNotice.follow(state);
  bigScreen?.state(state);
  const paused = document.getElementById("paused");
  if (paused) {
    paused.hidden = !state.tagging_locked;
  }
}

function snapshot(data) {
  follow(data.workshop);
  statements.fromSnapshot(data);
  cards?.fromSnapshot(data);
  priorities?.fromSnapshot(data);
  showActions(actionSection, data.actions);
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
        offline.event("snapshot", answer.snapshot);
        snapshot(answer.snapshot);
      }
    });
  }
}

// The status line says why; nothing here can be sent any more.
function removed() {
  for (const part of root.querySelectorAll("form, .app-pager, #room-notice")) {
    part.hidden = true;
  }
}

// The workshop was deleted: only the title and the status line, which says so, stay.
function deleted() {
  for (const part of root.children) {
    part.hidden = !(part.id === "live-status" || part.matches("h1"));
  }
}

live = connect({
  code: root.dataset.code,
  role: "participant",
  statusElement: document.getElementById("live-status"),
  unsent: () => typing.count(),
  on: {
    // Every event is kept for when the network drops before it is shown (phone/offline.js).
    any: (name, payload) => offline.event(name, payload),
    snapshot,
    state: follow,
    counts: (data) => drawCounts(data.board_id, data.counts),
    cards: (data) => cards?.set(data.cards),
    card_changes: (data) => cards?.change(data),
    priorities: (board) => priorities?.set(board),
    actions: (data) => {
      showActions(actionSection, data.actions);
      if (actionSection) {
        announcer.say("actions", "Action plan updated");
      }
    },
    hidden,
    removed,
    deleted,
    focus: (focus) => bigScreen?.focus(focus),
    draft: (draft) => {
      showDraft(draft);
      announcer.say("draft", "Draft updated");
    },
    acknowledged,
    refused,
    status,
  },
});

try {
  refusalLine.textContent = pageStorage("sessionStorage").getItem(REFUSAL_KEY) || "";
  pageStorage("sessionStorage").removeItem(REFUSAL_KEY);
} catch {
  // Nothing carried over from the page before.
}
typing.restore();
words.showPending();
statements.showPendingRewordings();
statements.draw();
cards?.draw();
priorities?.draw();
live.showStatus();

if (steps?.length) {
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
      steps.goTo(link.hash.slice(1));
    });
  }
  steps.start((section) => statements.shownTag(section).value);
}

// Shown from the phone's copy of the page (the network down): as the room last was.
offline.load().then((stored) => {
  if (stored) {
    snapshot(stored.snapshot);
    live.heardAt(stored.heard);
  }
});
