// What's missing on the phone: the cards, most supported first, each with its
// support button, the person's own marked, and what is still waiting to send
// shown as if done.

import { element, hiddenInput } from "../live/dom.js";
import { counted, labels } from "../live/labels.js";
import { changedCards } from "./kept.js";

function idSet(text) {
  return new Set((text || "").split(",").filter(Boolean).map(Number));
}

// list: the page's #cards; pending(kind): the operations of that kind still waiting to send.
export function createCards({ list, pending, announcer }) {
  const model = {
    mine: idSet(list.dataset.mine),
    supports: idSet(list.dataset.supports),
    cards: Array.from(list.children, (item) => ({
      id: Number(item.dataset.id),
      text: item.querySelector(".app-card__text").textContent,
      supports: Number(item.dataset.supports),
    })),
  };
  let newCards = 0;

  function shownSupport(card) {
    const queued = pending("support").filter((operation) => operation.card_id === card.id);
    const onServer = model.supports.has(card.id);
    const supported = queued.length ? queued[queued.length - 1].supported : onServer;
    // The count from the server does not yet hold a support still waiting to send.
    const count = card.supports + (supported === onServer ? 0 : supported ? 1 : -1);
    return { supported, count };
  }

  function cardItem(card) {
    const shown = shownSupport(card);
    const item = element("li", { class: "app-card", "data-id": card.id, "data-supports": card.supports }, [
      element("p", { class: "app-card__text" }, [card.text]),
      element("p", { class: "app-card__count" }, [counted(labels.supports_this, shown.count)]),
      element("form", { method: "post" }, [
        hiddenInput("kind", "support"),
        hiddenInput("card_id", card.id),
        hiddenInput("supported", shown.supported ? "no" : "yes"),
        element("button", { type: "submit", class: "app-small-button", "data-action": "support" }, [
          shown.supported ? "Withdraw my support" : "Support this card",
        ]),
      ]),
    ]);
    if (model.mine.has(card.id)) {
      item.append(
        element("p", { class: "app-card__mine" }, ["You added this card."]),
        element("form", { method: "post" }, [
          hiddenInput("kind", "remove_card"),
          hiddenInput("card_id", card.id),
          element("button", { type: "submit", class: "app-small-button", "data-action": "remove" }, ["Remove my card"]),
        ]),
      );
    }
    return item;
  }

  function draw() {
    // Keep the keyboard where it was when the list is drawn again.
    const focused = document.activeElement;
    const focusedCard = list.contains(focused) && focused.closest(".app-card");
    const focusKey = focusedCard && [focusedCard.dataset.id, focused.dataset.action];

    const removing = new Set(pending("remove_card").map((operation) => operation.card_id));
    const items = model.cards.filter((card) => !removing.has(card.id)).map(cardItem);
    for (const operation of pending("add_card")) {
      items.push(
        element("li", { class: "app-card", "data-operation": operation.id }, [
          element("p", { class: "app-card__text" }, [operation.text]),
          element("p", { class: "app-waiting" }, ["Waiting to send"]),
        ]),
      );
    }
    list.replaceChildren(...items);
    document.getElementById("cards-empty").hidden = items.length > 0;

    if (focusKey) {
      const [id, action] = focusKey;
      list.querySelector(`[data-id="${id}"] [data-action="${action}"]`)?.focus({ preventScroll: true });
    }
  }

  function set(cards) {
    const before = new Set(model.cards.map((card) => card.id));
    const fresh = cards.filter((card) => !before.has(card.id) && !model.mine.has(card.id)).length;
    model.cards = cards.filter((card) => !card.hidden);
    draw();
    // Only worth saying while the cards are on the screen.
    if (fresh && !list.closest("[hidden]")) {
      newCards = (announcer.waiting("cards") ? newCards : 0) + fresh;
      announcer.say("cards", newCards === 1 ? "1 new card" : `${newCards} new cards`);
    }
  }

  return {
    draw,
    set,
    change(changes) {
      set(changedCards(model.cards, changes));
    },
    fromSnapshot(snapshot) {
      model.mine = new Set(snapshot.mine.cards);
      model.supports = new Set(snapshot.mine.supports);
      model.cards = snapshot.cards.filter((card) => !card.hidden);
      draw();
    },
    acknowledged(operation, result) {
      if (operation.kind === "add_card") {
        model.mine.add(result.card_id);
        if (!model.cards.some((card) => card.id === result.card_id)) {
          model.cards.push({ id: result.card_id, text: result.text, supports: 0 });
        }
      } else if (operation.kind === "support") {
        const card = model.cards.find((found) => found.id === result.card_id);
        if (card && result.supported !== model.supports.has(card.id)) {
          card.supports += result.supported ? 1 : -1;
        }
        model.supports[result.supported ? "add" : "delete"](result.card_id);
      }
      draw();
    },
    hide(id) {
      model.cards = model.cards.filter((card) => card.id !== id);
      draw();
    },
  };
}
