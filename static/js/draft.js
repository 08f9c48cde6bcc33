// The merge page: changes without reloads, moving statements by dragging or
// from the keyboard. Every change is still a plain form (see draft/changes.js).

import { enhanceChanges } from "./draft/changes.js";
import { addHandles, enableMoving } from "./draft/dragging.js";

const root = document.querySelector("[data-draft-page]");
const status = document.querySelector("[data-draft-status]");

if (root && status) {
  addHandles(root);
  enableMoving(root);
  enhanceChanges(root, { status, decorate: () => addHandles(root) });
}
