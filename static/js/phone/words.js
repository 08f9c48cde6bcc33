// The person's own comments (on a statement) and notes (on a charter as a whole),
// each with a button to take it back; those still waiting to send are shown as
// such, and can be taken back once the server has them.

import { element, hiddenInput } from "../live/dom.js";

// root: the participant's page; pending(kind): the operations of that kind still waiting to send.
export function createOwnWords({ root, pending }) {
  // A comment's list sits in its statement; a note's in its board's column.
  function listFor(kind, item) {
    if (kind === "comment") {
      return root.querySelector(`#statement-${item.statement_id} [data-own="comment"]`);
    }
    return root.querySelector(`#board-${item.board_id} [data-own="note"][data-column="${item.column}"]`);
  }

  // Comments show their list only when there is something in it; note columns say "None yet".
  function drawEmpty(list) {
    const empty = list.parentElement.querySelector(".app-empty");
    if (empty) {
      empty.hidden = list.children.length > 0;
    } else {
      list.parentElement.hidden = list.children.length === 0;
    }
  }

  function itemFor(kind, text, id, operationId) {
    const button = element("button", { type: "submit", class: "app-small-button" }, [
      "Remove",
      element("span", { class: "govuk-visually-hidden" }, [` this ${kind}`]),
    ]);
    const form = element("form", { method: "post" }, [
      hiddenInput("kind", `remove_${kind}`),
      hiddenInput(`${kind}_id`, id || ""),
      button,
    ]);
    const item = element("li", { class: "app-own" }, [element("p", { class: "app-own__text" }, [text]), form]);
    if (id) {
      item.dataset.id = id;
    } else {
      // Not on the server yet: it can be taken back once it is.
      item.dataset.operation = operationId;
      button.disabled = true;
      item.append(element("p", { class: "app-waiting" }, ["Waiting to send"]));
    }
    return item;
  }

  function add(kind, operation, id) {
    const list = listFor(kind, operation);
    list.append(itemFor(kind, operation.text, id, operation.id));
    drawEmpty(list);
  }

  function takeOut(item) {
    const list = item.parentElement;
    item.remove();
    drawEmpty(list);
  }

  function remove(kind, id) {
    const item = root.querySelector(`[data-own="${kind}"] [data-id="${id}"]`);
    if (item) {
      takeOut(item);
    }
  }

  return {
    add,
    remove,
    // The server has it: it can now be taken back.
    confirm(kind, operation, id) {
      const item = root.querySelector(`[data-own] [data-operation="${operation.id}"]`);
      if (!item) {
        return;
      }
      if (root.querySelector(`[data-own="${kind}"] [data-id="${id}"]`)) {
        // A snapshot already brought it: the answer was to a resend.
        takeOut(item);
        return;
      }
      item.dataset.id = id;
      delete item.dataset.operation;
      item.querySelector(`[name=${kind}_id]`).value = id;
      item.querySelector("button").disabled = false;
      item.querySelector(".app-waiting").remove();
    },
    // The server said no: take back what was shown.
    refused(operation) {
      const item = root.querySelector(`[data-own] [data-operation="${operation.id}"]`);
      if (item) {
        takeOut(item);
      }
    },
    // Make the lists match the server's, keeping what is still waiting to send.
    match(kind, items) {
      const known = new Set(items.map((item) => item.id));
      for (const item of root.querySelectorAll(`[data-own="${kind}"] [data-id]`)) {
        if (!known.has(Number(item.dataset.id))) {
          takeOut(item);
        }
      }
      const beingRemoved = new Set(pending(`remove_${kind}`).map((operation) => operation[`${kind}_id`]));
      for (const item of items) {
        const shown = root.querySelector(`[data-own="${kind}"] [data-id="${item.id}"]`);
        if (!shown && !beingRemoved.has(item.id) && listFor(kind, item)) {
          add(kind, item, item.id);
        }
      }
    },
    // What this phone made before the page was loaded and has not yet sent.
    showPending() {
      for (const kind of ["comment", "note"]) {
        for (const operation of pending(kind)) {
          if (listFor(kind, operation)) {
            add(kind, operation);
          }
        }
        for (const operation of pending(`remove_${kind}`)) {
          remove(kind, operation[`${kind}_id`]);
        }
      }
    },
  };
}
