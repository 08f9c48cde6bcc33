// The console's buttons for the big screen and the room (next and previous,
// one statement large, every statement, where the room agrees, phones
// following, easy read, revealing the results, pausing tagging) are plain forms
// that load the console again, and work so without scripts. Loading the whole
// console, and its preview of the big screen, for every press kept a facilitator
// who pressed N waiting seconds on a busy server. With scripts they are sent in
// the background instead, asking for JSON: the server answers with the
// workshop's state and the parts of the console those buttons change, drawn by
// the same templates as the page (templates/live/_console_controls.html), which
// take the place of the old ones. The preview follows through its own live
// connection. A change made on another console is heard as an event and the
// same parts are asked for (live.console_parts).
//
// Presses are sent one after another, in the order made, so that N pressed
// twice moves the big screen on twice. The keyboard's focus stays on the button
// pressed, or on the one that took its place (Reveal results becomes Hide
// results), or else on the line saying what the big screen shows. What changed
// is said in a polite live region; a refusal, or a change that may not have been
// made, in the section's alert region, never lost silently.

import { changedLayout } from "../live/screen.js";

// The actions sent in the background; every other button stays a plain form.
const IN_BACKGROUND = new Set([
  "next",
  "previous",
  "focus",
  "summary",
  "phones_follow",
  "phones_stay",
  "easy_read_on",
  "easy_read_off",
  "reveal",
  "hide_results",
  "lock",
  "unlock",
]);
// The fields of the workshop's state that those parts show: what connectScreen leaves to be drawn in place.
export const DRAWN_IN_PLACE = ["projector", "phones_follow_focus", "results_revealed", "tagging_locked"];
// The button that takes a button's place once it has done its work.
const TURNS_INTO = {
  phones_follow: "phones_stay",
  phones_stay: "phones_follow",
  easy_read_on: "easy_read_off",
  easy_read_off: "easy_read_on",
  reveal: "hide_results",
  hide_results: "reveal",
  lock: "unlock",
  unlock: "lock",
};
// The line that says what an action changed.
const SAID_BY = {
  phones_follow: "[data-phones-follow]",
  phones_stay: "[data-phones-follow]",
  easy_read_on: "[data-focus-easy-read]",
  easy_read_off: "[data-focus-easy-read]",
  reveal: "[data-console-part=results-control] p",
  hide_results: "[data-console-part=results-control] p",
  lock: "[data-console-part=tagging-control] p",
  unlock: "[data-console-part=tagging-control] p",
};
const SAID_BY_DEFAULT = "[data-big-screen-now]";
const UNSENT = "That may not have been done: the console could not reach the server. Try again, or reload the page.";

function actionOf(form) {
  return form.querySelector("input[name=action]")?.value || "";
}

function plainText(element) {
  return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
}

export function enhanceControls(root, { said }) {
  const partsUrl = root.dataset.partsUrl;
  let queue = Promise.resolve();
  let sending = 0;
  let heard = null;
  let fetching = false;
  let fetchAgain = false;
  // How many answers to this console's own buttons have been drawn: parts asked for before one of them are older.
  let answered = 0;

  const shown = () => JSON.parse(root.dataset.state);

  // Where the keyboard's focus is, when it is on a button of a part about to be drawn again.
  function focusedAction() {
    const active = document.activeElement;
    const part = active && active.closest("[data-console-part]");
    if (!part || !root.contains(part)) {
      return null;
    }
    const form = active.closest("form");
    return { part: part.dataset.consolePart, action: form ? actionOf(form) : "" };
  }

  function focusAgain(place) {
    const part = root.querySelector(`[data-console-part="${place.part}"]`);
    if (!part) {
      return;
    }
    const button = (action) => part.querySelector(`form:has(input[name=action][value="${action}"]) button`);
    const found = button(place.action) || button(TURNS_INTO[place.action]) || part.querySelector(SAID_BY_DEFAULT);
    (found || part.querySelector("button"))?.focus();
  }

  // The parts as the server drew them now, in place of those shown, the keyboard's focus kept.
  function drawParts(html, state) {
    const fresh = new DOMParser().parseFromString(html, "text/html");
    const place = focusedAction();
    for (const part of fresh.querySelectorAll("[data-console-part]")) {
      root.querySelector(`[data-console-part="${part.dataset.consolePart}"]`)?.replaceWith(part);
    }
    root.dataset.state = JSON.stringify(state || JSON.parse(fresh.querySelector("[data-console-parts]").dataset.state));
    if (place) {
      focusAgain(place);
    }
  }

  // Another console changed the room, or this one's connection came back: the parts as they are now.
  function fetchParts() {
    if (fetching) {
      fetchAgain = true;
      return;
    }
    fetching = true;
    const since = answered;
    fetch(partsUrl, { cache: "no-store", credentials: "same-origin", headers: { Accept: "text/html" } })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => {
        // A button's answer, drawn meanwhile or on its way, may be newer than these. On its way, it is drawn
        // and what was heard meanwhile is asked for after it (below); drawn, these are asked for again.
        if (sending > 0) {
          return;
        }
        if (answered !== since) {
          fetchAgain = true;
        } else if (html) {
          drawParts(html);
        }
      })
      .catch(() => {
        // The next change, or the next connection's snapshot, draws them again.
      })
      .finally(() => {
        fetching = false;
        if (fetchAgain) {
          fetchAgain = false;
          fetchParts();
        }
      });
  }

  // What connectScreen calls when the room's state heard differs, only in what these parts show.
  function redraw(now) {
    heard = now;
    // A button of this console is on its way: its answer draws the parts, and whatever else was heard meanwhile after it.
    if (sending === 0) {
      fetchParts();
    }
  }

  function messageFor(form) {
    return form.closest("section")?.querySelector("[data-control-message]") || root.querySelector("[data-control-message]");
  }

  function showMessage(region, text) {
    for (const other of root.querySelectorAll("[data-control-message]")) {
      other.hidden = true;
      other.replaceChildren();
    }
    if (text) {
      const prefix = document.createElement("span");
      prefix.className = "govuk-visually-hidden";
      prefix.textContent = "Error: ";
      region.hidden = false;
      region.replaceChildren(prefix, text);
    }
  }

  async function send(action, url, body, region) {
    let answer = null;
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json().catch(() => null);
      if (!response.ok || !answer || !answer.parts) {
        showMessage(region, (answer && answer.message) || UNSENT);
        return;
      }
    } catch {
      showMessage(region, UNSENT);
      return;
    }
    showMessage(region, "");
    drawParts(answer.parts, answer.workshop);
    answered += 1;
    said(plainText(root.querySelector(SAID_BY[action] || SAID_BY_DEFAULT)));
  }

  root.addEventListener("submit", (event) => {
    const form = event.target;
    const action = actionOf(form);
    // The form's own address and method: its field named "action" hides the property of that name.
    const url = form.getAttribute("action");
    if (!IN_BACKGROUND.has(action) || form.getAttribute("method")?.toLowerCase() !== "post") {
      return;
    }
    event.preventDefault();
    const body = new FormData(form);
    const region = messageFor(form);
    sending += 1;
    queue = queue
      .then(() => send(action, url, body, region))
      .catch(() => showMessage(region, UNSENT))
      .finally(() => {
        sending -= 1;
        // Heard while sending: another console's change, after this one's, is drawn too.
        if (sending === 0 && heard && changedLayout(shown(), heard).length) {
          fetchParts();
        }
        heard = null;
      });
  });

  return redraw;
}
