// Moving a draft statement by dragging its handle, within its theme or into
// another one, or from the keyboard: the handle is a button, and the up and
// down arrow keys move the statement one place. Without scripts (and for
// anyone who prefers them) the Move up and Move down buttons do the same; a
// drop or a key sends the same plain form they use.

function statementsOf(list, except) {
  return [...list.querySelectorAll(":scope > [data-statement-id]")].filter((item) => item !== except);
}

// The place a drop at this height would take, among the list's other statements.
function positionAt(list, dragged, y) {
  const others = statementsOf(list, dragged);
  const after = others.findIndex((item) => {
    const box = item.getBoundingClientRect();
    return y < box.top + box.height / 2;
  });
  return after === -1 ? others.length : after;
}

function clearDropPoints(root) {
  for (const element of root.querySelectorAll(".app-draft-statement--drop-before, .app-draft-statements--drop-at-end")) {
    element.classList.remove("app-draft-statement--drop-before", "app-draft-statements--drop-at-end");
  }
}

function showDropPoint(root, list, position, dragged) {
  clearDropPoints(root);
  const others = statementsOf(list, dragged);
  if (position < others.length) {
    others[position].classList.add("app-draft-statement--drop-before");
  } else {
    list.classList.add("app-draft-statements--drop-at-end");
  }
}

function send(root, fields) {
  const form = root.querySelector("[data-move-form]");
  for (const name of ["statement_id", "theme_id", "position", "direction"]) {
    form.elements[name].value = fields[name] === undefined ? "" : String(fields[name]);
  }
  form.requestSubmit();
}

// Gives each draft statement its handle: called again each time the page is drawn.
export function addHandles(root) {
  for (const item of root.querySelectorAll("[data-statements] > [data-statement-id]")) {
    const handle = document.createElement("button");
    handle.type = "button";
    handle.className = "app-draft-statement__handle";
    handle.setAttribute("aria-label", "Move this statement: up and down arrow keys, or drag");
    handle.setAttribute("aria-describedby", `${item.id}-text`);
    handle.dataset.handle = "";
    item.prepend(handle);
  }
}

export function enableMoving(root) {
  let dragged = null;

  root.addEventListener("keydown", (event) => {
    const handle = event.target.closest("[data-handle]");
    if (!handle || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) {
      return;
    }
    event.preventDefault();
    const item = handle.closest("[data-statement-id]");
    send(root, { statement_id: item.dataset.statementId, direction: event.key === "ArrowUp" ? "up" : "down" });
  });

  // Only the handle starts a drag, so that text in the statement's forms can still be selected.
  root.addEventListener("pointerdown", (event) => {
    const handle = event.target.closest("[data-handle]");
    if (handle) {
      handle.closest("[data-statement-id]").draggable = true;
    }
  });
  root.addEventListener("pointerup", (event) => {
    const item = event.target.closest("[data-statement-id]");
    if (item) {
      item.draggable = false;
    }
  });
  root.addEventListener("dragstart", (event) => {
    dragged = event.target.closest("[data-statement-id]");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.statementId);
    dragged.classList.add("app-draft-statement--dragging");
  });
  root.addEventListener("dragend", () => {
    if (dragged) {
      dragged.draggable = false;
      dragged.classList.remove("app-draft-statement--dragging");
    }
    clearDropPoints(root);
    dragged = null;
  });
  root.addEventListener("dragover", (event) => {
    const list = event.target.closest("[data-statements]");
    if (!dragged || !list) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    showDropPoint(root, list, positionAt(list, dragged, event.clientY), dragged);
  });
  root.addEventListener("drop", (event) => {
    const list = event.target.closest("[data-statements]");
    if (!dragged || !list) {
      return;
    }
    event.preventDefault();
    clearDropPoints(root);
    send(root, {
      statement_id: dragged.dataset.statementId,
      theme_id: list.dataset.themeId,
      position: positionAt(list, dragged, event.clientY),
    });
  });
}
