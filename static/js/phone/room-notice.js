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

const RELOAD_SPREAD = 1_500; // ms
// What happened, said again on the page loaded because of it.
const SAID_KEY = "charter-workshop:room-moved";

function sameBoards(a, b) {
  return String(a.open_board_ids) === String(b.open_board_ids);
}

// What changed between the state the page was drawn for and now, in words, and
// where the button goes; null when the page still shows the room as it is.
export function roomChange(shown, now, currentBoardId, stageLabels) {
  if (now.stage !== shown.stage) {
    return {
      text: `The workshop has moved on to: ${stageLabels[now.stage]}.`,
      button: "Go there",
      target: now.stage === "missing" ? "#missing" : "",
      automatic: true,
    };
  }
  if (!sameBoards(shown, now)) {
    const opened = now.open_board_ids.filter((id) => !shown.open_board_ids.includes(id));
    const closedHere = currentBoardId !== null && !now.open_board_ids.includes(currentBoardId);
    if (opened.length) {
      return {
        text: `The facilitator has opened ${opened.length === 1 ? "another charter" : "more charters"} to review.`,
        button: opened.length === 1 ? "Go to it" : "Go to them",
        target: `#board-${opened[0]}`,
        automatic: closedHere,
      };
    }
    return {
      text: closedHere ? "The facilitator has closed this charter." : "The facilitator has closed a charter.",
      button: "Go on",
      target: "",
      automatic: closedHere,
    };
  }
  if (now.results_revealed !== shown.results_revealed) {
    return {
      text: now.results_revealed ? "The facilitator has shown the room's results." : "The facilitator has hidden the results.",
      button: now.results_revealed ? "Show them" : "Update the page",
      target: null, // stay on the same step
      automatic: true,
    };
  }
  return null;
}

// notice: the page's #room-notice; announcer: the polite live region; shown: the state the
// page was drawn for; waitingPage: nothing to do on this page; busy(): the person is typing;
// currentBoardId(): the board of the step on screen, or null; leave(): before going, send
// what is typed; storage: sessionStorage, to say on the next page what happened.
export function createRoomNotice({ notice, announcer, shown, stageLabels, waitingPage, busy, currentBoardId, leave, storage }) {
  const text = notice.querySelector("[data-notice-text]");
  const button = notice.querySelector("[data-notice-go]");
  let change = null;
  let asking = false; // the notice asks the person to go there
  let leaving = false;

  function show(words, withButton) {
    if (text.textContent !== words) {
      text.textContent = words;
      announcer.say("room", words);
    }
    asking = withButton;
    button.hidden = !withButton;
    notice.classList.toggle("app-room-notice--said", !withButton);
    notice.hidden = false;
  }

  // Loaded because the room moved on: say what happened.
  try {
    const said = storage.getItem(SAID_KEY);
    storage.removeItem(SAID_KEY);
    if (said) {
      show(said, false);
    }
  } catch {
    // Without storage the page is simply the new one.
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
        storage.setItem(SAID_KEY, change.text);
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
      change = roomChange(shown, state, currentBoardId(), stageLabels);
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
      button.textContent = change.button;
      show(change.text, true);
    },
  };
}
