// A review's results, live: the facilitator's review page and the review on the
// big screen draw each question again as answers come in, and say whether it is
// open ("review_results", docs/realtime.md). The server folds small groups (workshop/live/breakdowns.py)
// and sends the big screen no examples; this only draws what it is sent.
//
// Text from people is only ever set with textContent.

import { connect } from "./live/connection.js";
import { counted, labels } from "./live/labels.js";
import { makePages } from "./projector/pages.js";

const RETRY_REFUSED_SECONDS = 30;

const root = document.querySelector("[data-review-results]");
const banner = document.querySelector("[data-connection]");
const values = Object.keys(labels.review_answers);
const pagesContainer = root.querySelector("[data-pages]");
const pages = pagesContainer ? makePages(pagesContainer, root.querySelector("[data-pager]")) : null;
const template = root.querySelector("[data-example-template]");
let lastUpdate = new Date();
let deleted = false;

function element(name, className, text) {
  const made = document.createElement(name);
  if (className) {
    made.className = className;
  }
  if (text !== undefined) {
    made.textContent = text;
  }
  return made;
}

// Who answered what, in all then by group, as the server folded the groups.
function rowsOf(question) {
  const rows = [[labels.everyone, question.counts]];
  for (const [group, counts] of Object.entries(question.by_group)) {
    rows.push([labels.groups[group], counts]);
  }
  if (question.other_groups) {
    rows.push([labels.breakdown.other_groups, question.other_groups]);
  }
  return rows;
}

function answerLine(counts) {
  return values.map((value) => `${labels.review_answers[value]} ${counts[value]}`).join(", ");
}

function drawTable(section, question) {
  const body = section.querySelector("[data-review-counts]");
  body.replaceChildren(
    ...rowsOf(question).map(([who, counts]) => {
      const row = element("tr", "govuk-table__row");
      const header = element("th", "govuk-table__header", who);
      header.scope = "row";
      row.append(header, ...values.map((value) => element("td", "govuk-table__cell govuk-table__cell--numeric", String(counts[value]))));
      return row;
    }),
  );
  section.querySelector("[data-group-note]").hidden = !(question.other_groups || question.groups_withheld);
}

function drawExamples(section, question) {
  const list = section.querySelector("[data-examples]");
  const shown = Array.from(list.children, (item) => `${item.dataset.example}:${item.querySelector(".govuk-tag") ? 1 : 0}`);
  const now = question.examples.map((example) => `${example.id}:${example.hidden ? 1 : 0}`);
  section.querySelector("[data-examples-part]").hidden = question.examples.length === 0;
  if (shown.join() === now.join()) {
    // Unchanged: left alone, so that a button being pressed stays where it is.
    return;
  }
  list.replaceChildren(
    ...question.examples.map((example) => {
      const item = template.content.firstElementChild.cloneNode(true);
      item.dataset.example = example.id;
      const text = item.querySelector("[data-example-text]");
      text.id = `example-${example.id}`;
      text.textContent = `“${example.text}” (${labels.review_answers[example.answer]})`;
      text.classList.toggle("app-review-example--hidden", example.hidden);
      if (example.hidden) {
        const tag = element("strong", "govuk-tag govuk-tag--grey", "Hidden");
        text.after(" ", tag);
      }
      item.querySelector("[name=item_id]").value = example.id;
      item.querySelector("[name=hidden]").value = example.hidden ? "no" : "yes";
      const button = item.querySelector("button");
      button.textContent = example.hidden ? "Restore" : "Hide";
      button.setAttribute("aria-describedby", text.id);
      return item;
    }),
  );
}

function drawOnScreen(item, question) {
  item.querySelector("[data-share]").textContent =
    question.share === null ? labels.review_share.none : labels.review_share.some.replace("{share}", String(question.share));
  item.querySelector("[data-answers]").textContent = answerLine(question.counts);
  const groups = rowsOf(question)
    .slice(1)
    .map(([who, counts]) => element("li", "", `${who}: ${answerLine(counts)}`));
  if (question.groups_withheld) {
    groups.push(element("li", "app-groups-withheld", labels.breakdown.not_shown));
  }
  item.querySelector("[data-by-group]").replaceChildren(...groups);
}

function draw(results) {
  lastUpdate = new Date();
  banner.textContent = "";
  for (const shown of root.querySelectorAll("[data-responses]")) {
    shown.textContent = counted(labels.responses, results.responses);
  }
  // Open or closed, as the facilitator (or the closing date) left it: the link and the Close button only while open.
  for (const closed of document.querySelectorAll("[data-review-closed]")) {
    closed.hidden = results.open;
  }
  for (const open of document.querySelectorAll("[data-review-open]")) {
    open.hidden = !results.open;
  }
  for (const question of results.questions) {
    const section = root.querySelector(`[data-review-question="${question.id}"]`);
    if (!section) {
      continue;
    }
    if (section.querySelector("[data-review-counts]")) {
      drawTable(section, question);
    } else {
      drawOnScreen(section, question);
    }
    if (question.examples && template) {
      drawExamples(section, question);
    }
  }
  pages?.refit();
  // For tests and anyone measuring: when the screen last drew what the server sent.
  root.dataset.drawnAt = String(performance.timeOrigin + performance.now());
  root.dataset.responses = String(results.responses);
}

function timeOfDay(date) {
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

const live = connect({
  code: root.dataset.code,
  role: root.dataset.role,
  key: root.dataset.key,
  review: Number(root.dataset.review),
  on: {
    snapshot: draw,
    review_results: draw,
    deleted({ message }) {
      deleted = true;
      banner.textContent = message;
      // Nothing of what it showed stays on the screen.
      for (const part of root.children) {
        part.hidden = !part.contains(banner);
      }
    },
    status(text, connection) {
      if (deleted || (connection !== "offline" && connection !== "refused")) {
        return;
      }
      const why = connection === "refused" ? text : "What you see may be out of date.";
      banner.textContent = `Reconnecting… Last updated at ${timeOfDay(lastUpdate)}. ${why}`;
      if (connection === "refused") {
        window.setTimeout(() => live.socket.connect(), RETRY_REFUSED_SECONDS * 1000);
      }
    },
  },
});

if (pages) {
  window.addEventListener("resize", () => pages.layOut());
}
