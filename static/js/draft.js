// The merge page: drag a draft statement to a new place, within its theme or
// into another one. Without scripts (and from the keyboard) the Move up and
// Move down buttons do the same; a drop sends the same plain form they use.

const page = document.querySelector("[data-draft-page]");
const moveForm = page && page.querySelector("[data-move-form]");

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

function showDropPoint(list, position, dragged) {
  clearDropPoints();
  const others = statementsOf(list, dragged);
  if (position < others.length) {
    others[position].classList.add("app-draft-statement--drop-before");
  } else {
    list.classList.add("app-draft-statements--drop-at-end");
  }
}

function clearDropPoints() {
  for (const element of page.querySelectorAll(".app-draft-statement--drop-before, .app-draft-statements--drop-at-end")) {
    element.classList.remove("app-draft-statement--drop-before", "app-draft-statements--drop-at-end");
  }
}

function enableDragging() {
  let dragged = null;

  for (const item of page.querySelectorAll("[data-statements] > [data-statement-id]")) {
    // Only the handle starts a drag, so that text in the statement's forms can still be selected.
    // It is for pointers only: keyboards and screen readers have the Move buttons.
    const handle = document.createElement("span");
    handle.className = "app-draft-statement__handle";
    handle.setAttribute("aria-hidden", "true");
    handle.title = "Drag to move";
    item.prepend(handle);
    handle.addEventListener("pointerdown", () => {
      item.draggable = true;
    });
    handle.addEventListener("pointerup", () => {
      item.draggable = false;
    });
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.statementId);
      item.classList.add("app-draft-statement--dragging");
    });
    item.addEventListener("dragend", () => {
      item.draggable = false;
      item.classList.remove("app-draft-statement--dragging");
      clearDropPoints();
      dragged = null;
    });
  }

  for (const list of page.querySelectorAll("[data-statements]")) {
    list.addEventListener("dragover", (event) => {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      showDropPoint(list, positionAt(list, dragged, event.clientY), dragged);
    });
    list.addEventListener("drop", (event) => {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      moveForm.elements.statement_id.value = dragged.dataset.statementId;
      moveForm.elements.theme_id.value = list.dataset.themeId;
      moveForm.elements.position.value = String(positionAt(list, dragged, event.clientY));
      clearDropPoints();
      moveForm.submit();
    });
  }
}

if (page && moveForm) {
  enableDragging();
}
