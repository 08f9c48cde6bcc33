// The action plan on the phone, drawn in the server's markup (templates/live/_action_plan.html)
// each time the facilitator adds or removes an action; hidden while there is none.

import { element } from "../live/dom.js";

export function showActions(section, actions) {
  if (!section) {
    return;
  }
  const details = (action) => {
    const parts = [];
    if (action.who) {
      parts.push(element("span", {}, [`Who: ${action.who}`]));
    }
    if (action.due) {
      parts.push(element("span", {}, [`By when: ${action.due}`]));
    }
    if (action.linked) {
      parts.push(element("span", {}, [`For the ${action.linked.kind}: ${action.linked.text}`]));
    }
    return parts;
  };
  section.querySelector("[data-action-list]").replaceChildren(
    ...actions.map((action) =>
      element("li", { class: "app-actions__item", "data-action-id": action.id }, [
        element("p", { class: "app-actions__what" }, [action.what]),
        element("p", { class: "app-actions__detail" }, details(action)),
      ]),
    ),
  );
  section.querySelector("[data-action-empty]").hidden = actions.length > 0;
  section.hidden = actions.length === 0;
}
