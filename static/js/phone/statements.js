// The statements of the open charters: each one's choice (Borrow, Adapt or
// Ignore), its suggested wording, and the room's results once revealed. What is
// still waiting to send is shown as chosen, marked "waiting to send".

import { element } from "../live/dom.js";

export const TAG_LABELS = { borrow: "Borrow", adapt: "Adapt", ignore: "Ignore" };

export function keyOf(section) {
  return `${section.dataset.board}:${section.dataset.statement}`;
}

function sameStatement(section) {
  const board = Number(section.dataset.board);
  const statement = Number(section.dataset.statement);
  return (operation) => operation.board_id === board && operation.statement_id === statement;
}

export function describe(section) {
  return `statement ${section.dataset.number} of ${section.dataset.total}`;
}

// root: the participant's page; pending(kind): the operations of that kind still waiting to send.
export function createStatements({ root, pending }) {
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
      const label = TAG_LABELS[shown.value];
      choice.replaceChildren("Your choice: ", element("strong", {}, [label]), shown.waiting ? " (waiting to send)" : "");
    } else {
      choice.replaceChildren("Not chosen yet");
    }
    const reword = section.querySelector(".app-reword");
    reword.hidden = shown.value !== "adapt" && !reword.dataset.saved;
    const jump = root.querySelector(`[data-jump="${section.dataset.statement}"]`);
    jump.textContent = shown.value ? TAG_LABELS[shown.value] : "Not chosen yet";
  }

  function draw() {
    sections.forEach(drawTag);
    for (const board of root.querySelectorAll(".app-board")) {
      const chosen = Array.from(board.querySelectorAll(".app-statement")).filter((section) => shownTag(section).value);
      board.querySelector("[data-tagged]").textContent = chosen.length;
    }
  }

  // Put each wording box right from the server's rewordings (one per statement, none once
  // hidden), except those being changed or waiting to send.
  function drawRewordings(rewordings) {
    for (const section of sections) {
      const form = section.querySelector(".app-reword");
      if (form.dataset.edited || pending("reword").some(sameStatement(section))) {
        continue;
      }
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
    drawRewordings,
    shownTag,
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
        if (form) {
          form.dataset.saved = "yes";
          form.querySelector("[data-note]").textContent = "Saved";
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
    for (const value of Object.keys(TAG_LABELS)) {
      block.querySelector(`[data-count="${value}"]`).textContent = total[value];
      const width = all ? Math.round((total[value] * 20) / all) * 5 : 0;
      block.querySelector(`[data-bar="${value}"]`).className = `app-bars__bar app-bars__bar--${width}`;
    }
  }
}
