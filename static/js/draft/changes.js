// Every change on the merge page is a plain form that works without scripts:
// the server makes the change and sends the page back with a banner. With
// scripts, the form is sent in the background instead, asking for JSON; the
// page is then drawn again in place, from the server, so that it is always the
// truth. Where the facilitator was is kept: the control they used (or, when it
// is gone, the part of the page it was in) keeps the focus and stays where it
// was on the screen, and the outcome is said in a polite live region.

const CONTROLS = "button, input, select, textarea, summary, a[href]";

function described(control) {
  return `${control.tagName} ${control.getAttribute("name") || ""} ${control.textContent.trim()}`;
}

// The part of the page a control is in, and how to find the control again once that part is drawn anew.
function placeOf(control, root) {
  const part = control.closest("[id]");
  if (!part || !root.contains(part)) {
    return null;
  }
  const controls = [...part.querySelectorAll(CONTROLS)];
  return { id: part.id, index: controls.indexOf(control), control: described(control) };
}

// The control of the same kind and words nearest the place it had (the part may have gained a control
// above it: the history of a statement just edited), or else the part itself (focusable: tabindex -1).
function findAgain(place) {
  const part = place && document.getElementById(place.id);
  if (!part) {
    return null;
  }
  let found = part;
  let distance = Infinity;
  [...part.querySelectorAll(CONTROLS)].forEach((control, index) => {
    if (described(control) === place.control && Math.abs(index - place.index) < distance) {
      found = control;
      distance = Math.abs(index - place.index);
    }
  });
  return found;
}

// Which <details> are open, by the part of the page they are in, to open them again.
function openDetails(root) {
  return [...root.querySelectorAll("details[open]")].map((details) => placeOf(details.querySelector("summary"), root));
}

// The page as the server draws it now, in place of the old; `decorate` adds what scripts add to it.
async function drawAgain(root, decorate, keep) {
  const response = await fetch(window.location.pathname, { headers: { Accept: "text/html" }, cache: "no-store" });
  if (!response.ok) {
    throw new Error(`The page answered ${response.status}`);
  }
  const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-draft-page]");
  const opened = openDetails(root);
  root.replaceChildren(...fresh.childNodes);
  // The banner of the page as it was loaded speaks of an earlier change: the live region says what happened.
  for (const banner of document.querySelectorAll(".govuk-notification-banner")) {
    banner.remove();
  }
  decorate();
  for (const place of opened) {
    const summary = findAgain(place);
    if (summary && summary.tagName === "SUMMARY") {
      summary.parentElement.open = true;
    }
  }
  return keep();
}

export function enhanceChanges(root, { status, decorate }) {
  let sending = false;
  let lastPlace = null;

  // The outcome, and after a change the way to undo it, there and then: the page's own Undo button is at
  // the top of the draft, perhaps far from where the facilitator is.
  function say(message, isError = false) {
    status.hidden = false;
    status.classList.toggle("app-draft-status--error", isError);
    status.replaceChildren(message);
    const undo = root.querySelector("#undo");
    if (!isError && undo) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "govuk-button govuk-button--secondary app-draft-status__undo";
      button.textContent = "Undo";
      button.addEventListener("click", () => undo.requestSubmit());
      status.append(" ", button);
    }
  }

  root.addEventListener("submit", async (event) => {
    const form = event.target;
    if (form.method.toLowerCase() !== "post") {
      return;
    }
    event.preventDefault();
    // One change at a time, in the order made: a second press while one is on its way is dropped.
    if (sending) {
      return;
    }
    sending = true;
    const submitter = event.submitter;
    const action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : form.action;
    const body = new FormData(form);
    if (submitter && submitter.name) {
      body.append(submitter.name, submitter.value);
    }
    // A key on a statement's handle sends a form of its own: the handle is where the facilitator is.
    const active = document.activeElement;
    const control = active && active !== document.body && root.contains(active) ? active : submitter || form;
    // Undoing goes back to where the change being undone was made.
    const undoing = form.id === "undo";
    const place = (undoing && lastPlace) || placeOf(control, root) || placeOf(form, root);
    const top = (findAgain(place) || control).getBoundingClientRect().top;
    try {
      const response = await fetch(action, {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      if (!response.ok) {
        say(answer.message, true);
        return;
      }
      await drawAgain(root, decorate, () => {
        const found = findAgain(place) || (answer.anchor && document.querySelector(answer.anchor));
        if (found) {
          // Where it was on the screen, so that the page does not jump under the facilitator.
          window.scrollBy(0, found.getBoundingClientRect().top - top);
          found.focus({ preventScroll: true });
        }
      });
      lastPlace = undoing ? null : place;
      say(answer.message);
    } catch {
      say("That change may not have been saved: the connection dropped. Reload the page to see the draft as it is.", true);
    } finally {
      sending = false;
    }
  });
}
