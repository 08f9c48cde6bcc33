// Phones that follow the big screen, when the facilitator turns it on: each
// time the big screen puts another statement in focus, the phone goes to that
// statement, as if the person had chosen it from the list, and says so.
//
// Never under someone's fingers: with words typed and not yet sent, or the
// cursor in a box, the phone stays where it is and says where the big screen
// is, with a button to go there when the person is ready. Each move of the big
// screen is followed once: a person who goes back to another statement is
// left there until the big screen moves again.

import { bothRegisters, phrase, shownRegister } from "./registers.js";

// notice: the page's #follow-notice; steps: phone/steps.js; busy(): the person is writing;
// announcer: the polite live region; notices: labels.phone_notices.
export function createFollow({ root, notice, steps, busy, announcer, notices }) {
  const text = notice.querySelector("[data-follow-text]");
  let following = false;
  let focus = null; // what the big screen shows: {view, board_id, statement_id}
  let followed = null; // the statement in focus last followed (or offered), as "board:statement"

  function focusedStep() {
    if (!focus || focus.view !== "focus") {
      return null;
    }
    return root.querySelector(`.app-statement[data-board="${focus.board_id}"][data-statement="${focus.statement_id}"]`);
  }

  function update() {
    const step = following ? focusedStep() : null;
    if (!step) {
      // Nothing to follow here now: the next statement put in focus is followed, even this one again.
      notice.hidden = true;
      followed = null;
      return;
    }
    const key = `${focus.board_id}:${focus.statement_id}`;
    if (key === followed) {
      return;
    }
    followed = key;
    if (steps.current() === step) {
      notice.hidden = true;
    } else if (busy()) {
      // In easy read, the statement's easy-read version where it has one.
      const usual = step.querySelector(".app-statement__text").textContent;
      const said = phrase(notices.big_screen, { words: [usual, step.querySelector(".app-statement__easy")?.textContent || usual] });
      text.replaceChildren(...bothRegisters(said));
      notice.hidden = false;
      announcer.say("follow", shownRegister(said));
    } else {
      notice.hidden = true;
      steps.goTo(step.id);
    }
  }

  notice.querySelector("[data-follow-go]").addEventListener("click", () => {
    notice.hidden = true;
    const step = focusedStep();
    if (step) {
      steps.goTo(step.id);
    }
  });

  return {
    // The workshop's state (each snapshot and change): whether phones follow, and where the big screen is.
    state(state) {
      following = Boolean(state.phones_follow_focus);
      focus = state.projector || null;
      update();
    },
    // The big screen moved (the focus event).
    focus(now) {
      focus = now;
      update();
    },
  };
}
