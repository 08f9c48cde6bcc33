// The statements of the open charters: each one's choice (Borrow, Adapt,
// Ignore, or Not sure), its suggested wording, and the room's results once
// revealed. What is still waiting to send is shown as chosen, and marked
// "waiting to send" in the list of all statements (the status line counts it).

import { element } from "../live/dom.js";
import { labels as allLabels } from "../live/labels.js";
import { bothRegisters, shownRegister } from "./registers.js";

const SKIP = "skip";

export function keyOf(section) {
  return `${section.dataset.board}:${section.dataset.statement}`;
}

function sameStatement(section) {
  const board = Number(section.dataset.board);
  const statement = Number(section.dataset.statement);
  return (operation) => operation.board_id === board && operation.statement_id === statement;
}

export function statementName(section) {
  return `statement ${section.dataset.number} of ${section.dataset.total}`;
}

function chosenText(count, skipped) {
  return skipped ? `${count} chosen, ${skipped} skipped` : `${count} chosen`;
}

// root: the participant's page; pending(kind): the operations of that kind still waiting to
// send; labels: the words for each choice; notices: the phone's words (labels.phone_notices).
export function createStatements({ root, pending, labels, notices }) {
  const sections = Array.from(root.querySelectorAll(".app-statement"));
  // What the server has told us of this person's tags; pending operations are laid over it.
  let tags = {};
  for (const section of sections) {
    const pressed = section.querySelector('.app-tag[aria-pressed="true"]');
    if (pressed) {
      tags[keyOf(section)] = pressed.value;
    }
  }

  function shownTag(section) {
    const queued = pending("tag").filter(sameStatement(section));
    return queued.length ? { value: queued[queued.length - 1].value, waiting: true } : { value: tags[keyOf(section)] };
  }

  function drawTag(section) {
    const shown = shownTag(section);
    for (const button of section.querySelectorAll(".app-tag")) {
      button.setAttribute("aria-pressed", String(button.value === shown.value));
    }
    const choice = section.querySelector("[data-choice]");
    if (shown.value) {
      const label = labels[shown.value];
      // Never longer once chosen: a line more here would move Next from under a finger about to tap it.
      choice.replaceChildren(...bothRegisters(notices.your_choice), " ", element("strong", {}, [label]));
    } else {
      choice.replaceChildren(...bothRegisters(notices.not_chosen));
    }
    const reword = section.querySelector(".app-reword");
    const wordingWaiting = pending("reword").some(sameStatement(section));
    reword.hidden = shown.value !== "adapt" && !reword.dataset.saved && !reword.dataset.edited && !wordingWaiting;
    const jump = root.querySelector(`[data-jump="${section.dataset.statement}"]`);
    if (shown.value) {
      jump.textContent = `${labels[shown.value]}${shown.waiting ? " (waiting to send)" : ""}`;
    } else {
      jump.replaceChildren(...bothRegisters(notices.not_chosen));
    }
  }

  function draw() {
    sections.forEach(drawTag);
    for (const board of root.querySelectorAll(".app-board")) {
      const values = Array.from(board.querySelectorAll(".app-statement"), (section) => shownTag(section).value);
      const skipped = values.filter((value) => value === SKIP).length;
      const chosen = values.filter((value) => value && value !== SKIP).length;
      board.querySelector("[data-chosen]").textContent = chosenText(chosen, skipped);
    }
  }

  // A wording box shows the wording waiting to send, if there is one; never while it is being changed.
  function showPendingRewording(section) {
    const form = section.querySelector(".app-reword");
    const waiting = pending("reword").filter(sameStatement(section));
    if (!form.dataset.edited && waiting.length) {
      form.querySelector("textarea").value = waiting[waiting.length - 1].text;
      form.querySelector("[data-note]").textContent = "Waiting to send";
    }
    return form.dataset.edited || waiting.length;
  }

  // Put each wording box right from the server's rewordings (one per statement, none once
  // hidden), except those being changed or waiting to send.
  function drawRewordings(rewordings) {
    for (const section of sections) {
      if (showPendingRewording(section)) {
        continue;
      }
      const form = section.querySelector(".app-reword");
      const saved = rewordings[keyOf(section)];
      form.querySelector("textarea").value = saved || section.querySelector(".app-statement__text").textContent;
      if (saved) {
        form.dataset.saved = "yes";
      } else {
        delete form.dataset.saved;
        form.querySelector("[data-note]").textContent = "";
      }
    }
  }

  return {
    draw,
    shownTag,
    showPendingRewordings: () => sections.forEach(showPendingRewording),
    // What to say on arriving at a statement, after its heading.
    describe(section) {
      const shown = shownTag(section);
      return shown.value ? `${shownRegister(notices.your_choice)} ${labels[shown.value]}.` : `${shownRegister(notices.not_chosen)}.`;
    },
    fromSnapshot(snapshot) {
      tags = snapshot.mine.tags;
      drawRewordings(snapshot.mine.rewordings);
      draw();
    },
    acknowledged(operation, result) {
      if (operation.kind === "tag") {
        tags[`${operation.board_id}:${operation.statement_id}`] = result.value;
        draw();
      } else if (operation.kind === "reword") {
        const form = root.querySelector(`#statement-${operation.statement_id} .app-reword`);
        const newer = pending("reword").some((queued) => queued.statement_id === operation.statement_id);
        if (form) {
          form.dataset.saved = "yes";
          if (!form.dataset.edited && !newer) {
            form.querySelector("[data-note]").replaceChildren(...bothRegisters(notices.wording_saved));
          }
        }
      }
    },
    refused(operation) {
      const note = root.querySelector(`#statement-${operation.statement_id} [data-note]`);
      if (operation.kind === "reword" && note) {
        note.textContent = "";
        // Not saved: a snapshot must not take the words back.
        note.closest("form").dataset.edited = "yes";
      }
      draw();
    },
    // Whether any of the person's rewordings is on the server (a hidden one may be theirs).
    hasSavedRewording: () => Boolean(root.querySelector(".app-reword[data-saved]")),
  };
}

// The room's results for each statement of a board, with bars in steps of 5%.
export function drawCounts(boardId, counts) {
  for (const block of document.querySelectorAll(`#board-${boardId} [data-results]`)) {
    const entry = counts[block.dataset.results];
    const total = entry ? entry.total : { borrow: 0, adapt: 0, ignore: 0 };
    const all = total.borrow + total.adapt + total.ignore;
    block.querySelector("[data-skipped]").textContent = entry ? entry.skipped : 0;
    for (const value of Object.keys(allLabels.tags)) {
      block.querySelector(`[data-count="${value}"]`).textContent = total[value];
      const width = all ? Math.round((total[value] * 20) / all) * 5 : 0;
      block.querySelector(`[data-bar="${value}"]`).className = `app-bars__bar app-bars__bar--${width}`;
    }
  }
}
