// The draft charter on the phone, at the merge and closed stages: drawn again
// whole on every change, keeping open the questions that were open and the
// keyboard where it was.

import { element } from "../live/dom.js";

function draftStatement(statement) {
  return element("li", { class: "app-room-draft__statement", "data-draft-statement-id": statement.id }, [
    element("p", { class: "app-room-draft__text" }, [statement.text]),
    element("details", { class: "govuk-details app-room-draft__check" }, [
      element("summary", { class: "govuk-details__summary" }, [
        element("span", { class: "govuk-details__summary-text" }, ["How we will know"]),
      ]),
      element("p", { class: "govuk-details__text" }, [statement.question]),
    ]),
  ]);
}

export function showDraft(draft) {
  const themes = document.querySelector("[data-draft-themes]");
  if (!themes || !draft) {
    return;
  }
  const itemOf = (id) => themes.querySelector(`[data-draft-statement-id="${id}"]`);
  const open = Array.from(themes.querySelectorAll("details[open]"), (details) => details.closest("li").dataset.draftStatementId);
  const focused = themes.contains(document.activeElement) && document.activeElement.closest("li");
  const parts = [];
  for (const theme of draft.themes) {
    parts.push(element("h3", { class: "govuk-heading-s app-room-draft__theme" }, [theme.title]));
    parts.push(
      theme.statements.length
        ? element("ul", { class: "app-room-draft__statements" }, theme.statements.map(draftStatement))
        : element("p", { class: "app-empty" }, ["No statements yet."]),
    );
  }
  themes.replaceChildren(...parts);
  document.querySelector("[data-draft-title]").textContent = draft.title;
  document.querySelector("[data-draft-waiting]").hidden = true;
  for (const id of open) {
    const item = itemOf(id);
    if (item) {
      item.querySelector("details").open = true;
    }
  }
  const again = focused ? itemOf(focused.dataset.draftStatementId) : null;
  again?.querySelector("summary").focus({ preventScroll: true });
}
