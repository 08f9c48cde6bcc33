// The review one step at a time: a statement, the notes on a charter, What's
// missing. Back, Next and the list of all statements move between them; the
// address keeps the step, so that a reload comes back to it.

export function createSteps({ root, pager, announcer }) {
  const steps = Array.from(root.querySelectorAll(".app-step"));
  const boards = Array.from(root.querySelectorAll(".app-board"));
  let current = 0;

  function show(index, moveFocus) {
    const before = steps[current].closest(".app-board");
    current = Math.max(0, Math.min(index, steps.length - 1));
    const step = steps[current];
    const board = step.closest(".app-board");
    for (const other of steps) {
      other.hidden = other !== step;
    }
    for (const other of boards) {
      other.hidden = other !== board;
    }
    pager.querySelector('[data-go="back"]').hidden = current === 0;
    pager.querySelector('[data-go="next"]').hidden = current === steps.length - 1;
    window.history.replaceState(null, "", `#${step.id}`);
    if (moveFocus) {
      step.querySelector(".app-step__title").focus({ preventScroll: true });
      // On to another charter: show its name first, and say it.
      if (board && board !== before) {
        board.scrollIntoView({ block: "start" });
        announcer.say("board", `Now reviewing: ${board.querySelector("h2").textContent}`);
      } else {
        step.scrollIntoView({ block: "start" });
      }
    }
  }

  return {
    show,
    current: () => steps[current],
    indexOf: (id) => steps.findIndex((step) => step.id === id),
    // Where to start: the step in the address, else the first statement without a choice.
    start(isChosen) {
      pager.hidden = false;
      const fromLink = steps.findIndex((step) => `#${step.id}` === window.location.hash);
      const untagged = steps.findIndex((step) => step.classList.contains("app-statement") && !isChosen(step));
      show(fromLink >= 0 ? fromLink : Math.max(untagged, 0), false);
    },
    next: () => show(current + 1, true),
    back: () => show(current - 1, true),
    get length() {
      return steps.length;
    },
  };
}
