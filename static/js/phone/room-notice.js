// When the room moves on: the facilitator changes the stage, opens or closes a
// charter, or shows or hides the results. The page was drawn by the server for
// the room as it was, so it must be loaded again, but never under someone's
// fingers, and never without saying why.
//
// - Someone typing is told (politely, and in a notice with a button to go
//   there) and the page waits for them: what they type stays in its box.
// - A page the room has left behind (another stage, its charter closed, the
//   results shown or hidden, or a page that was only waiting) follows by itself
//   when nothing is being typed, after a random pause so that a room of phones
//   does not ask for the page in the same instant; the new page says what
//   happened.
// - A page still in use (another charter opened beside this one, or What's
//   missing) shows the notice, and the person goes when they are ready.

import { bothRegisters, phrase, shownRegister } from "./registers.js";

const RELOAD_SPREAD = 1_500; // ms
// What happened, said again on the page loaded because of it.
const SAID_KEY = "charter-workshop:room-moved";

function sameBoards(a, b) {
  return String(a.open_board_ids) === String(b.open_board_ids);
}

// What changed between the state the page was drawn for and now, in words (a pair: as usual
// and in easy read, phone/registers.js), and where the button goes; null when the page still
// shows the room as it is. words: {notices: labels.phone_notices, stages, stagesEasy}.
export function roomChange(shown, now, currentBoardId, { notices, stages, stagesEasy }) {
  if (now.stage !== shown.stage) {
    return {
      text: phrase(notices.moved_on, { stage: [stages[now.stage], stagesEasy[now.stage]] }),
      button: notices.go_there,
      target: now.stage === "missing" ? "#missing" : "",
      automatic: true,
    };
  }
  if (!sameBoards(shown, now)) {
    const opened = now.open_board_ids.filter((id) => !shown.open_board_ids.includes(id));
    const closedHere = currentBoardId !== null && !now.open_board_ids.includes(currentBoardId);
    if (opened.length) {
      return {
        text: opened.length === 1 ? notices.opened_one : notices.opened_more,
        button: opened.length === 1 ? notices.go_to_it : notices.go_to_them,
        target: `#board-${opened[0]}`,
        automatic: closedHere,
      };
    }
    return {
      text: closedHere ? notices.closed_this : notices.closed_one,
      button: notices.go_on,
      target: "",
      automatic: closedHere,
    };
  }
  if (now.results_revealed !== shown.results_revealed) {
    return {
      text: now.results_revealed ? notices.results_shown : notices.results_hidden,
      button: now.results_revealed ? notices.show_them : notices.update_page,
      target: null, // stay on the same step
      automatic: true,
    };
  }
  return null;
}

// notice: the page's #room-notice; announcer: the polite live region; shown: the state the
// page was drawn for; waitingPage: nothing to do on this page; busy(): the person is typing;
// currentBoardId(): the board of the step on screen, or null; leave(): before going, send
// what is typed; storage: sessionStorage, to say on the next page what happened; words: as
// roomChange takes them.
export function createRoomNotice({ notice, announcer, shown, words, waitingPage, busy, currentBoardId, leave, storage }) {
  const text = notice.querySelector("[data-notice-text]");
  const button = notice.querySelector("[data-notice-go]");
  let change = null;
  let said = null; // the pair shown
  let asking = false; // the notice asks the person to go there
  let leaving = false;

  function show(pair, withButton) {
    if (String(said) !== String(pair)) {
      said = pair;
      text.replaceChildren(...bothRegisters(pair));
      announcer.say("room", shownRegister(pair));
    }
    asking = withButton;
    button.hidden = !withButton;
    notice.classList.toggle("app-room-notice--said", !withButton);
    notice.hidden = false;
  }

  // Loaded because the room moved on: say what happened.
  try {
    const before = JSON.parse(storage.getItem(SAID_KEY));
    storage.removeItem(SAID_KEY);
    if (Array.isArray(before) && before.length === 2) {
      show(before.map(String), false);
    }
  } catch {
    // Without storage, or nothing readable in it, the page is simply the new one.
  }

  // Moved by itself (after a pause), the next page says why; moved by the person, it need not.
  function go(byItself) {
    if (leaving) {
      return;
    }
    leaving = true;
    leave();
    if (byItself) {
      try {
        storage.setItem(SAID_KEY, JSON.stringify(change.text));
      } catch {
        // Nothing to say again on the next page, then.
      }
    }
    if (change.target !== null) {
      window.history.replaceState(null, "", change.target || window.location.pathname);
    }
    window.setTimeout(() => window.location.reload(), byItself ? Math.random() * RELOAD_SPREAD : 0);
  }

  button.addEventListener("click", () => go(false));

  return {
    // Going to the room's new place: the page is about to be loaded again.
    get leaving() {
      return leaving;
    },
    // The person has moved on from where the page opened: what happened before is old news.
    settle() {
      if (!asking) {
        notice.hidden = true;
      }
    },
    follow(state) {
      change = roomChange(shown, state, currentBoardId(), words);
      if (!change) {
        if (asking) {
          notice.hidden = true;
          asking = false;
        }
        return;
      }
      if (!asking && (waitingPage || change.automatic) && !busy()) {
        go(true);
        return;
      }
      button.replaceChildren(...bothRegisters(change.button));
      show(change.text, true);
    },
  };
}
