// The priorities board on the phone, drawn in the markup the server draws
// (templates/live/participant.html, `priorities`): each outcome's two columns of
// cards to add and support, then to vote on. What is still waiting to send is
// shown as if done; the board from the server (a `priorities` event, at most
// once a second) and the person's own cards, supports and votes say the rest.

import { element, hiddenInput } from "../live/dom.js";
import { counted, labels } from "../live/labels.js";

const SENT_KINDS = ["add_priority_card", "support_priority_card", "vote", "remove_priority_card"];

// section: the page's #priorities; pending(kind): the operations of that kind still waiting to send.
export function createPriorities({ section, pending, announcer }) {
  const place = section.querySelector("[data-priorities-board]");
  const mine = JSON.parse(section.dataset.mine);
  let board = JSON.parse(section.dataset.board);

  // The last word waiting to send about a card, or what the server has.
  function shownMark(kind, list, card) {
    const queued = pending(kind).filter((operation) => operation.card_id === card.id);
    return queued.length ? queued[queued.length - 1].supported : list.includes(card.id);
  }

  function adjusted(count, shown, stored) {
    return count + (shown === stored ? 0 : shown ? 1 : -1);
  }

  function button(kind, card, marked, words) {
    return element("form", { method: "post" }, [
      hiddenInput("kind", kind),
      hiddenInput("card_id", card.id),
      ...(kind === "remove_priority_card" ? [] : [hiddenInput("supported", marked ? "no" : "yes")]),
      element(
        "button",
        { type: "submit", class: "app-small-button", "aria-describedby": `priority-${card.id}`, "data-action": kind },
        [words],
      ),
    ]);
  }

  function cardItem(card, left) {
    const parts = [element("p", { class: "app-card__text", id: `priority-${card.id}` }, [card.text])];
    if (board.phase === "voting") {
      const voted = shownMark("vote", mine.votes, card);
      const count = adjusted(card.votes, voted, mine.votes.includes(card.id));
      parts.push(element("p", { class: "app-card__count" }, [counted(labels.votes, count) + (voted ? ", one of them yours" : "")]));
      if (voted || left > 0) {
        parts.push(button("vote", card, voted, voted ? "Take back my vote" : "Vote for this"));
      }
    } else {
      const supported = shownMark("support_priority_card", mine.priority_supports, card);
      const count = adjusted(card.supports, supported, mine.priority_supports.includes(card.id));
      parts.push(element("p", { class: "app-card__count" }, [counted(labels.supports_this, count)]));
      parts.push(button("support_priority_card", card, supported, supported ? "Withdraw my support" : "Support this card"));
      if (mine.priority_cards.includes(card.id)) {
        parts.push(button("remove_priority_card", card, false, "Remove my card"));
      }
    }
    return element("li", { class: "app-card", "data-id": card.id }, parts);
  }

  function waitingItem(operation) {
    return element("li", { class: "app-card", "data-operation": operation.id }, [
      element("p", { class: "app-card__text" }, [operation.text]),
      element("p", { class: "app-waiting" }, ["Waiting to send"]),
    ]);
  }

  function addForm(outcome, column, typed) {
    const id = `priority-${outcome.id}-${column}`;
    const box = element("textarea", { class: "govuk-textarea", id, name: "text", rows: "2", maxlength: "1000" });
    box.value = typed;
    return element("form", { method: "post", class: "app-add-card" }, [
      hiddenInput("kind", "add_priority_card"),
      hiddenInput("outcome_id", outcome.id),
      hiddenInput("column", column),
      element("div", { class: "govuk-form-group" }, [
        element("label", { class: "govuk-label govuk-label--s", for: id }, [
          labels.priority_prompts[column],
          element("span", { class: "govuk-visually-hidden" }, [`: ${outcome.title}`]),
        ]),
        box,
      ]),
      element("button", { type: "submit", class: "govuk-button govuk-button--secondary" }, ["Add card"]),
    ]);
  }

  function votesLeft() {
    const stored = new Set(mine.votes);
    for (const operation of pending("vote")) {
      stored[operation.supported ? "add" : "delete"](operation.card_id);
    }
    return board.votes_per_person - stored.size;
  }

  function draw() {
    // Keep the keyboard, and whatever is being typed, where they were.
    const focused = document.activeElement;
    const focusKey = place.contains(focused) && (focused.id || focused.closest(".app-card")?.dataset.id + focused.dataset.action);
    const typed = new Map(Array.from(place.querySelectorAll("textarea"), (box) => [box.id, box.value]));
    const voting = board.phase === "voting";
    const left = votesLeft();
    const removing = new Set(pending("remove_priority_card").map((operation) => operation.card_id));
    const parts = [];
    if (voting) {
      parts.push(element("p", { class: "app-votes-left", "data-votes-left": "" }, [counted(labels.votes_left, left)]));
    }
    for (const outcome of board.outcomes) {
      const columns = Object.entries(labels.priority_columns).map(([column, label]) => {
        const items = outcome.cards
          .filter((card) => card.column === column && !removing.has(card.id))
          .map((card) => cardItem(card, left));
        if (!voting) {
          const waiting = pending("add_priority_card").filter((op) => op.outcome_id === outcome.id && op.column === column);
          items.push(...waiting.map(waitingItem));
        }
        const children = [element("h4", { class: "app-column__title" }, [label]), element("ul", { class: "app-cards" }, items)];
        if (!items.length) {
          children.push(element("p", { class: "app-empty" }, [labels.cards.none]));
        }
        if (!voting) {
          children.push(addForm(outcome, column, typed.get(`priority-${outcome.id}-${column}`) || ""));
        }
        return element("div", { class: `app-column app-column--${column}` }, children);
      });
      parts.push(
        element("section", { class: "app-outcome", "data-outcome-id": outcome.id }, [
          element("h3", { class: "govuk-heading-s app-outcome__title" }, [outcome.title]),
          element("div", { class: "app-columns" }, columns),
        ]),
      );
    }
    if (!board.outcomes.length) {
      parts.push(element("p", { class: "govuk-body app-empty" }, ["The facilitator has not listed the outcomes yet."]));
    }
    if (board.chosen.length) {
      parts.push(
        element("h3", { class: "govuk-heading-s" }, ["The priorities the room chose"]),
        element(
          "ol",
          { class: "govuk-list govuk-list--number app-chosen" },
          board.chosen.map((card) =>
            element("li", {}, [`${card.text} `, element("span", { class: "app-chosen__outcome" }, [`(${card.outcome})`])]),
          ),
        ),
      );
    }
    place.replaceChildren(...parts);
    section.querySelector("[data-priorities-intro]").textContent = voting
      ? `Vote for the cards that matter most to you. You have ${board.votes_per_person} votes: one for each card you choose.`
      : "For each outcome, what are the barriers? How could co-production help? Add a card, and support the cards you agree with.";
    if (focusKey) {
      const again =
        document.getElementById(focusKey) ||
        Array.from(place.querySelectorAll("[data-action]")).find(
          (found) => found.closest(".app-card").dataset.id + found.dataset.action === focusKey,
        );
      again?.focus({ preventScroll: true });
    }
  }

  return {
    kinds: SENT_KINDS,
    draw,
    set(fresh) {
      const before = board.phase;
      board = fresh;
      draw();
      if (before !== fresh.phase) {
        announcer.say("priorities", fresh.phase === "voting" ? "Voting has started" : "Voting has stopped");
      }
    },
    fromSnapshot(snapshot) {
      if (snapshot.priorities) {
        mine.priority_cards = snapshot.mine.priority_cards;
        mine.priority_supports = snapshot.mine.priority_supports;
        mine.votes = snapshot.mine.votes;
        board = snapshot.priorities;
        draw();
      }
    },
    acknowledged(operation, result) {
      const marks = { support_priority_card: mine.priority_supports, vote: mine.votes };
      if (operation.kind === "add_priority_card") {
        mine.priority_cards.push(result.card_id);
        const outcome = board.outcomes.find((found) => found.id === result.outcome_id);
        if (outcome && !outcome.cards.some((card) => card.id === result.card_id)) {
          outcome.cards.push({ id: result.card_id, column: result.column, text: result.text, supports: 0, votes: 0 });
        }
      } else if (operation.kind in marks) {
        const list = marks[operation.kind];
        const marked = operation.kind === "vote" ? result.voted : result.supported;
        const card = board.outcomes.flatMap((outcome) => outcome.cards).find((found) => found.id === result.card_id);
        const field = operation.kind === "vote" ? "votes" : "supports";
        if (card && marked !== list.includes(card.id)) {
          card[field] += marked ? 1 : -1;
        }
        const at = list.indexOf(result.card_id);
        if (marked && at < 0) {
          list.push(result.card_id);
        } else if (!marked && at >= 0) {
          list.splice(at, 1);
        }
      } else if (operation.kind === "remove_priority_card") {
        for (const outcome of board.outcomes) {
          outcome.cards = outcome.cards.filter((card) => card.id !== result.card_id);
        }
      }
      draw();
    },
  };
}
