// What a person types, never lost. Each form's text (a suggested wording, a
// comment, a note and its column, a card) is kept in the phone's storage as it
// is typed, under the form it was typed in: the statement, board and column of
// that form, whatever the page shows later. After a reload it is put back.
//
// A suggested wording is saved as the person types (after a short pause) and
// whenever they move on; the other texts are sent when the person presses the
// form's button or moves on from the step (see participant.js).

const SAVE_PAUSE = 1_000; // ms after the last key before a suggested wording is sent

// The forms whose text is kept, each by a key naming what it is bound to.
function keyOf(form) {
  const kind = form.elements.kind?.value;
  if (!["reword", "comment", "note", "add_card"].includes(kind) || !form.elements.text) {
    return null;
  }
  const board = form.elements.board_id?.value || "";
  const statement = form.elements.statement_id?.value || "";
  return `${kind}:${board}:${statement}`;
}

function load(storage, key) {
  try {
    const stored = JSON.parse(storage.getItem(key));
    return stored && typeof stored === "object" ? stored : {};
  } catch {
    return {};
  }
}

// root: the page; storage: localStorage (or null); onChange(): the kept texts changed;
// save(form): send a suggested wording now.
export function createTyping({ root, code, storage, onChange, save }) {
  const storageKey = `charter-workshop:typing:${code}`;
  const kept = load(storage, storageKey); // form key -> {text, column}
  const timers = new Map(); // form key -> pending save of a suggested wording

  function store() {
    try {
      if (Object.keys(kept).length) {
        storage.setItem(storageKey, JSON.stringify(kept));
      } else {
        storage.removeItem(storageKey);
      }
    } catch {
      // Kept in memory instead, for as long as the page is open.
    }
    onChange();
  }

  function formFor(key) {
    return Array.from(root.querySelectorAll("form")).find((form) => keyOf(form) === key) || null;
  }

  function saveNow(form) {
    const key = keyOf(form);
    window.clearTimeout(timers.get(key));
    timers.delete(key);
    if (kept[key]?.text.trim()) {
      save(form);
    }
  }

  function remember(form) {
    const key = keyOf(form);
    if (!key) {
      return;
    }
    kept[key] = { text: form.elements.text.value, column: form.elements.column?.value || "" };
    store();
    if (form.elements.kind.value === "reword") {
      window.clearTimeout(timers.get(key));
      timers.set(
        key,
        window.setTimeout(() => saveNow(form), SAVE_PAUSE),
      );
    }
  }

  root.addEventListener("input", (event) => {
    if (event.target.form) {
      remember(event.target.form);
    }
  });

  return {
    // Put back what was typed before the page was loaded. What was typed in a form this page
    // no longer has (a charter since closed) could not be sent anywhere now.
    restore() {
      for (const [key, { text, column }] of Object.entries(kept)) {
        const form = formFor(key);
        if (!form) {
          delete kept[key];
          continue;
        }
        form.elements.text.value = text;
        if (column) {
          const radio = form.querySelector(`[name=column][value="${column}"]`);
          if (radio) {
            radio.checked = true;
          }
        }
        form.dataset.edited = "yes";
        const details = form.closest("details");
        if (details) {
          details.open = true;
        }
        if (form.elements.kind.value === "reword") {
          timers.set(key, window.setTimeout(() => saveNow(form), SAVE_PAUSE));
        }
      }
      store();
    },
    // The form's text has gone into the queue (or was refused there): no longer only here.
    forget(form) {
      const key = keyOf(form);
      window.clearTimeout(timers.get(key));
      timers.delete(key);
      if (key in kept) {
        delete kept[key];
        store();
      }
    },
    // Typed text given back, as after a refusal: kept as if just typed, but not sent again by itself.
    keep(form, text) {
      const key = keyOf(form);
      if (key && !form.elements.text.value.trim()) {
        form.elements.text.value = text;
        kept[key] = { text, column: form.elements.column?.value || "" };
        store();
      }
    },
    // The forms in `within` (a step, or the whole page) holding text that is not sent yet.
    waiting(within = root) {
      return Array.from(within.querySelectorAll("form")).filter((form) => kept[keyOf(form)]?.text.trim());
    },
    // How many texts are kept on this phone and not yet sent, for the status line.
    count() {
      return this.waiting().length;
    },
    saveNow,
  };
}
