// The review one step at a time: a statement, the notes on a charter, What's
// missing. Only the person moves between them, with Back, Next and the list of
// all statements: choosing never moves on by itself.
//
// Why: a page that moves on after a choice takes the statement away from
// someone still reading it, still deciding, or about to comment on it, and a
// screen reader user finds themselves somewhere they did not go (WCAG 3.2.2, a
// change of context on input). A young person with SEND may want to look at the
// choice they made before going on. And a page that moves by itself races the
// person's own Next: a choice then Next skipped a statement. So a choice is
// marked and said, and the person goes on when they are ready; Next is always
// there, one tap away, and "Not sure" is a choice of its own. Each move puts the
// focus on the new step's heading, which a screen reader reads, and says
// politely what is chosen there. The address keeps the step, so that a reload
// comes back to it.

// root: the page; pager: its Back and Next; announcer: the polite live region;
// describeStep(step): what to say on arriving at a step; leaving(step): called before
// the person moves away from a step.
export function createSteps({ root, pager, announcer, describeStep, leaving }) {
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
    if (!moveFocus) {
      return;
    }
    step.querySelector(".app-step__title").focus({ preventScroll: true });
    // On to another charter: show its name first, and say it.
    if (board && board !== before) {
      board.scrollIntoView({ block: "start" });
      announcer.say("step", `Now reviewing: ${board.querySelector("h2").textContent}. ${describeStep(step)}`);
    } else {
      step.scrollIntoView({ block: "start" });
      announcer.say("step", describeStep(step));
    }
  }

  function go(index) {
    if (index !== current) {
      leaving(steps[current]);
    }
    show(index, true);
  }

  // A link to a board (as after "Go to it") starts at its first statement not chosen yet.
  function fromAddress(isChosen) {
    const hash = window.location.hash.slice(1);
    const board = root.querySelector(`.app-board[id="${CSS.escape(hash)}"]`);
    if (board) {
      const inBoard = steps.filter((step) => board.contains(step));
      const open = inBoard.find((step) => step.classList.contains("app-statement") && !isChosen(step));
      return steps.indexOf(open || inBoard[0]);
    }
    return steps.findIndex((step) => step.id === hash);
  }

  return {
    current: () => steps[current],
    // Where to start: the step in the address, else the first statement without a choice.
    start(isChosen) {
      pager.hidden = false;
      const linked = fromAddress(isChosen);
      const untagged = steps.findIndex((step) => step.classList.contains("app-statement") && !isChosen(step));
      show(linked >= 0 ? linked : Math.max(untagged, 0), false);
    },
    next: () => go(current + 1),
    back: () => go(current - 1),
    goTo: (id) => go(steps.findIndex((step) => step.id === id)),
    get length() {
      return steps.length;
    },
  };
}
