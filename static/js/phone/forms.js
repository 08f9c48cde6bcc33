// The page's plain forms, read as operations (docs/realtime.md), and checked
// before sending what the server would refuse.

import { element } from "../live/dom.js";

const ID_FIELDS = ["board_id", "statement_id", "card_id", "comment_id", "note_id", "outcome_id"];

export function operationFrom(form, submitter) {
  const data = new FormData(form);
  const operation = { kind: data.get("kind") };
  for (const field of ID_FIELDS) {
    if (data.get(field)) {
      operation[field] = Number(data.get(field));
    }
  }
  for (const field of ["text", "column"]) {
    if (data.has(field)) {
      operation[field] = data.get(field);
    }
  }
  if (data.has("supported")) {
    operation.supported = data.get("supported") === "yes";
  }
  if (submitter?.name === "value") {
    operation.value = submitter.value;
  }
  return operation;
}

// Say what is wrong beside the form and put the focus there; null when nothing is.
export function problemWith(form, operation) {
  form.querySelector(".govuk-error-message")?.remove();
  let problem = null;
  let field = null;
  if (operation.kind === "note" && !operation.column) {
    problem = "Choose a column for your note";
    field = form.querySelector("[name=column]");
  } else if ("text" in operation && !operation.text.trim()) {
    problem = "Write something first";
    field = form.querySelector("[name=text]");
  }
  if (problem) {
    // role="alert": read out even though the focus moves to the field.
    const message = element("p", { class: "govuk-error-message", role: "alert" }, [
      element("span", { class: "govuk-visually-hidden" }, ["Error: "]),
      problem,
    ]);
    form.querySelector(".govuk-button").before(message);
    field.focus();
  }
  return problem;
}
