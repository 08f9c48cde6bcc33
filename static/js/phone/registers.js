// The phone's own words that its scripts write, in both registers (labels.phone_notices, from
// workshop/labels.py): both go on the page and the "Easy read" switch shows one
// (_reading.scss), as on the server's page, so turning it on or off changes them at once.

import { element } from "../live/dom.js";

// A pair [usual, easy] with each "{name}" filled in from values, whose own pairs give each
// register its value ({stage: ["Merge", "Writing the new charter"]}).
export function phrase(pair, values = {}) {
  return pair.map((words, register) =>
    words.replace(/\{(\w+)\}/g, (whole, name) => {
      const value = values[name];
      return value === undefined ? whole : Array.isArray(value) ? value[register] : value;
    }),
  );
}

// What to put in an element: the words once when both registers say the same, else a span for each.
export function bothRegisters([usual, easy]) {
  if (usual === easy) {
    return [usual];
  }
  return [element("span", { class: "app-usual-words" }, [usual]), element("span", { class: "app-easy-words" }, [easy])];
}

// The words of the register on screen now, for what is said aloud in the live region.
export function shownRegister([usual, easy]) {
  return document.documentElement.classList.contains("app-easy-read") ? easy : usual;
}
