/*
 * The participant's phone, built on the plain forms of templates/live/participant.html.
 *
 * - Every form is sent as an operation through CharterLive (static/js/live.js) instead of
 *   loading a new page; what it changes is shown at once, marked "waiting to send" until
 *   the server has it.
 * - In the review, one step at a time (a statement, the notes on a charter, What's missing),
 *   with Back, Next and the list of all statements. Choosing a tag moves on to the next.
 * - Choices, "Saved" and new cards are announced in a polite live region, at most one short
 *   message at a time.
 * - Every snapshot (on each connection) puts the page right: tags, own words, cards.
 *   A hidden rewording asks for a fresh one, as the phone cannot tell whose it was.
 * - At the merge and closed stages, the draft charter is drawn again on every change.
 */
(function () {
  "use strict";

  const root = document.getElementById("participant");
  if (!root || !window.io || !window.CharterLive) {
    // Without Socket.IO the plain forms still work.
    return;
  }

  const TAG_LABELS = { borrow: "Borrow", adapt: "Adapt", ignore: "Ignore" };
  const MOVE_ON_DELAY = 400; // ms: long enough to see the choice marked before the next statement
  const ANNOUNCE_GAP = 1500; // ms between two messages in the live region

  const revealed = root.dataset.revealed === "yes";
  const refusalLine = document.getElementById("live-refusal");
  const cardList = document.getElementById("cards");

  // What the server has told us of this person; pending operations are laid over it.
  const model = {
    tags: {},
    myCards: idSet(cardList && cardList.dataset.mine),
    supports: idSet(cardList && cardList.dataset.supports),
    cards: cardList ? cardsFromPage() : [],
  };
  root.querySelectorAll(".app-statement").forEach((section) => {
    const pressed = section.querySelector('.app-tag[aria-pressed="true"]');
    if (pressed) {
      model.tags[keyOf(section)] = pressed.value;
    }
  });

  function idSet(text) {
    return new Set((text || "").split(",").filter(Boolean).map(Number));
  }

  function keyOf(section) {
    return section.dataset.board + ":" + section.dataset.statement;
  }

  function cardsFromPage() {
    return Array.from(cardList.children, (item) => ({
      id: Number(item.dataset.id),
      text: item.querySelector(".app-card__text").textContent,
      supports: Number(item.dataset.supports),
    }));
  }

  // --- Small DOM helpers (text only ever goes in as text) --------------------------

  function element(tag, attributes, children) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach((name) => node.setAttribute(name, attributes[name]));
    (children || []).forEach((child) => node.append(child));
    return node;
  }

  function hiddenInput(name, value) {
    return element("input", { type: "hidden", name: name, value: value });
  }

  // --- The live region ---------------------------------------------------------------

  const announcer = document.getElementById("live-announcer");
  const messages = new Map(); // topic -> latest message, so a burst becomes one summary
  let announceTimer = null;
  let lastAnnounced = 0;
  let newCards = 0;

  function announce(topic, text) {
    messages.delete(topic);
    messages.set(topic, text);
    if (!announceTimer) {
      const wait = Math.max(50, lastAnnounced + ANNOUNCE_GAP - Date.now());
      announceTimer = window.setTimeout(flushAnnouncements, wait);
    }
  }

  function flushAnnouncements() {
    announceTimer = null;
    lastAnnounced = Date.now();
    let text = Array.from(messages.values()).join(" ");
    messages.clear();
    newCards = 0;
    // The same words again would not be read out: make them differ.
    if (text === announcer.textContent) {
      text += "\u00a0";
    }
    announcer.textContent = text;
  }

  // --- Tags ----------------------------------------------------------------------------

  function pendingOf(kind, matches) {
    return live.pending().filter((operation) => operation.kind === kind && matches(operation));
  }

  function shownTag(section) {
    const board = Number(section.dataset.board);
    const statement = Number(section.dataset.statement);
    const queued = pendingOf("tag", (op) => op.board_id === board && op.statement_id === statement);
    return queued.length ? { value: queued[queued.length - 1].value, waiting: true } : { value: model.tags[keyOf(section)] };
  }

  function describe(section) {
    return "statement " + section.dataset.number + " of " + section.dataset.total;
  }

  function drawTag(section) {
    const shown = shownTag(section);
    section.querySelectorAll(".app-tag").forEach((button) => {
      button.setAttribute("aria-pressed", String(button.value === shown.value));
    });
    const choice = section.querySelector("[data-choice]");
    if (shown.value) {
      const label = TAG_LABELS[shown.value];
      choice.replaceChildren("Your choice: ", element("strong", {}, [label]), shown.waiting ? " (waiting to send)" : "");
    } else {
      choice.replaceChildren("Not chosen yet");
    }
    const reword = section.querySelector(".app-reword");
    reword.hidden = shown.value !== "adapt" && !reword.dataset.saved;
    const jump = document.querySelector('[data-jump="' + section.dataset.statement + '"]');
    jump.textContent = shown.value ? TAG_LABELS[shown.value] : "Not chosen yet";
  }

  function drawTags() {
    root.querySelectorAll(".app-statement").forEach(drawTag);
    root.querySelectorAll(".app-board").forEach((board) => {
      const chosen = Array.from(board.querySelectorAll(".app-statement")).filter((s) => shownTag(s).value).length;
      board.querySelector("[data-tagged]").textContent = chosen;
    });
  }

  // --- The person's own comments and notes ------------------------------------------------

  function ownList(kind, operation) {
    if (kind === "comment") {
      return document.querySelector("#statement-" + operation.statement_id + ' [data-own="comment"]');
    }
    return document.querySelector("#board-" + operation.board_id + ' [data-own="note"][data-column="' + operation.column + '"]');
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

  function ownItem(kind, text, id, operationId) {
    const button = element("button", { type: "submit", class: "app-small-button" }, [
      "Remove",
      element("span", { class: "govuk-visually-hidden" }, [" this " + kind]),
    ]);
    const form = element("form", { method: "post" }, [hiddenInput("kind", "remove_" + kind), hiddenInput(kind + "_id", id || ""), button]);
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

  function addOwn(kind, operation, id) {
    const list = ownList(kind, operation);
    list.append(ownItem(kind, operation.text, id, operation.id));
    drawEmpty(list);
  }

  function confirmOwn(kind, operation, id) {
    const item = root.querySelector('[data-operation="' + operation.id + '"]');
    if (!item) {
      return;
    }
    if (root.querySelector('[data-own="' + kind + '"] [data-id="' + id + '"]')) {
      // A snapshot already brought it: the answer was to a resend.
      const list = item.parentElement;
      item.remove();
      drawEmpty(list);
      return;
    }
    item.dataset.id = id;
    delete item.dataset.operation;
    item.querySelector("[name=" + kind + "_id]").value = id;
    item.querySelector("button").disabled = false;
    item.querySelector(".app-waiting").remove();
  }

  function removeOwn(kind, id) {
    const item = root.querySelector('[data-own="' + kind + '"] [data-id="' + id + '"]');
    if (item) {
      const list = item.parentElement;
      item.remove();
      drawEmpty(list);
    }
  }

  // Make the lists match the server's, keeping what is still waiting to send.
  function matchOwn(kind, items) {
    const known = new Set(items.map((item) => item.id));
    root.querySelectorAll('[data-own="' + kind + '"] [data-id]').forEach((item) => {
      if (!known.has(Number(item.dataset.id))) {
        removeOwn(kind, item.dataset.id);
      }
    });
    items.forEach((item) => {
      const shown = root.querySelector('[data-own="' + kind + '"] [data-id="' + item.id + '"]');
      const beingRemoved = pendingOf("remove_" + kind, (op) => op[kind + "_id"] === item.id).length;
      if (!shown && !beingRemoved && ownList(kind, item)) {
        addOwn(kind, item, item.id);
      }
    });
  }

  // --- Cards ---------------------------------------------------------------------------------

  function shownSupport(card) {
    const queued = pendingOf("support", (op) => op.card_id === card.id);
    const onServer = model.supports.has(card.id);
    const supported = queued.length ? queued[queued.length - 1].supported : onServer;
    // The count from the server does not yet hold a support still waiting to send.
    const count = card.supports + (supported === onServer ? 0 : supported ? 1 : -1);
    return { supported: supported, count: count };
  }

  function cardItem(card) {
    const shown = shownSupport(card);
    const item = element("li", { class: "app-card", "data-id": card.id, "data-supports": card.supports }, [
      element("p", { class: "app-card__text" }, [card.text]),
      element("p", { class: "app-card__count" }, [shown.count === 1 ? "1 person supports this" : shown.count + " people support this"]),
      element("form", { method: "post" }, [
        hiddenInput("kind", "support"),
        hiddenInput("card_id", card.id),
        hiddenInput("supported", shown.supported ? "no" : "yes"),
        element("button", { type: "submit", class: "app-small-button", "data-action": "support" }, [
          shown.supported ? "Withdraw my support" : "Support this card",
        ]),
      ]),
    ]);
    if (model.myCards.has(card.id)) {
      item.append(
        element("p", { class: "app-card__mine" }, ["You added this card."]),
        element("form", { method: "post" }, [
          hiddenInput("kind", "remove_card"),
          hiddenInput("card_id", card.id),
          element("button", { type: "submit", class: "app-small-button", "data-action": "remove" }, ["Remove my card"]),
        ])
      );
    }
    return item;
  }

  function drawCards() {
    if (!cardList) {
      return;
    }
    // Keep the keyboard where it was when the list is drawn again.
    const focused = document.activeElement;
    const focusedCard = cardList.contains(focused) && focused.closest(".app-card");
    const focusKey = focusedCard && focusedCard.dataset.id + ":" + focused.dataset.action;

    const removing = new Set(pendingOf("remove_card", () => true).map((operation) => operation.card_id));
    const items = model.cards.filter((card) => !removing.has(card.id)).map(cardItem);
    pendingOf("add_card", () => true).forEach((operation) => {
      items.push(
        element("li", { class: "app-card", "data-operation": operation.id }, [
          element("p", { class: "app-card__text" }, [operation.text]),
          element("p", { class: "app-waiting" }, ["Waiting to send"]),
        ])
      );
    });
    cardList.replaceChildren(...items);
    document.getElementById("cards-empty").hidden = items.length > 0;

    if (focusKey) {
      const [id, action] = focusKey.split(":");
      const again = cardList.querySelector('[data-id="' + id + '"] [data-action="' + action + '"]');
      if (again) {
        again.focus({ preventScroll: true });
      }
    }
  }

  function setCards(cards) {
    const before = new Set(model.cards.map((card) => card.id));
    const fresh = cards.filter((card) => !before.has(card.id) && !model.myCards.has(card.id)).length;
    model.cards = cards.filter((card) => !card.hidden);
    drawCards();
    // Only worth saying while the cards are on the screen.
    if (fresh && cardList && !cardList.closest("[hidden]")) {
      newCards += fresh;
      announce("cards", newCards === 1 ? "1 new card" : newCards + " new cards");
    }
  }

  // Only the cards that changed: new ones, new numbers of supporters, and those now gone.
  function changeCards(data) {
    const gone = new Set(data.removed);
    const changed = new Set(data.cards.map((card) => card.id));
    const kept = model.cards.filter((card) => !gone.has(card.id) && !changed.has(card.id));
    // Most supported first, as the server orders the whole list.
    setCards(kept.concat(data.cards).sort((a, b) => b.supports - a.supports || a.id - b.id));
  }

  // --- Suggested wordings -------------------------------------------------------------------

  // Put each wording box right from the server's rewordings (one per statement, none once
  // hidden), except those being changed or waiting to send.
  function drawRewordings(rewordings) {
    root.querySelectorAll(".app-statement").forEach((section) => {
      const form = section.querySelector(".app-reword");
      const board = Number(section.dataset.board);
      const statement = Number(section.dataset.statement);
      const waiting = pendingOf("reword", (op) => op.board_id === board && op.statement_id === statement).length;
      if (form.dataset.edited || waiting) {
        return;
      }
      const saved = rewordings[keyOf(section)];
      form.querySelector("textarea").value = saved || section.querySelector(".app-statement__text").textContent;
      if (saved) {
        form.dataset.saved = "yes";
      } else {
        delete form.dataset.saved;
        form.querySelector("[data-note]").textContent = "";
      }
    });
  }

  // --- Results -----------------------------------------------------------------------------

  function drawCounts(boardId, counts) {
    document.querySelectorAll("#board-" + boardId + " [data-results]").forEach((block) => {
      const entry = counts[block.dataset.results];
      const total = entry ? entry.total : { borrow: 0, adapt: 0, ignore: 0 };
      const all = total.borrow + total.adapt + total.ignore;
      Object.keys(TAG_LABELS).forEach((value) => {
        block.querySelector('[data-count="' + value + '"]').textContent = total[value];
        const width = all ? Math.round((total[value] * 20) / all) * 5 : 0;
        block.querySelector('[data-bar="' + value + '"]').className = "app-bars__bar app-bars__bar--" + width;
      });
    });
  }

  // --- One step at a time -----------------------------------------------------------------

  const steps = Array.from(root.querySelectorAll(".app-step"));
  const boards = Array.from(root.querySelectorAll(".app-board"));
  const pager = document.getElementById("pager");
  let current = 0;

  function showStep(index, moveFocus) {
    const before = steps[current].closest(".app-board");
    current = Math.max(0, Math.min(index, steps.length - 1));
    const step = steps[current];
    const board = step.closest(".app-board");
    steps.forEach((other) => {
      other.hidden = other !== step;
    });
    boards.forEach((other) => {
      other.hidden = other !== board;
    });
    pager.querySelector('[data-go="back"]').hidden = current === 0;
    pager.querySelector('[data-go="next"]').hidden = current === steps.length - 1;
    window.history.replaceState(null, "", "#" + step.id);
    if (moveFocus) {
      step.querySelector(".app-step__title").focus({ preventScroll: true });
      // On to another charter: show its name first, and say it.
      if (board && board !== before) {
        board.scrollIntoView({ block: "start" });
        announce("board", "Now reviewing: " + board.querySelector("h2").textContent);
      } else {
        step.scrollIntoView({ block: "start" });
      }
    }
  }

  function firstStep() {
    const fromLink = steps.findIndex((step) => "#" + step.id === window.location.hash);
    if (fromLink >= 0) {
      return fromLink;
    }
    const untagged = steps.findIndex((step) => step.classList.contains("app-statement") && !shownTag(step).value);
    return Math.max(untagged, 0);
  }

  function moveOnFrom(section) {
    window.setTimeout(() => {
      // Only if the person is still looking at the statement they tagged.
      if (steps[current] === section) {
        showStep(current + 1, true);
      }
    }, MOVE_ON_DELAY);
  }

  // --- Sending the forms as operations ----------------------------------------------------

  const ID_FIELDS = ["board_id", "statement_id", "card_id", "comment_id", "note_id"];

  function operationFrom(form, submitter) {
    const data = new FormData(form);
    const operation = { kind: data.get("kind") };
    ID_FIELDS.forEach((field) => {
      if (data.get(field)) {
        operation[field] = Number(data.get(field));
      }
    });
    ["text", "column"].forEach((field) => {
      if (data.has(field)) {
        operation[field] = data.get(field);
      }
    });
    if (data.has("supported")) {
      operation.supported = data.get("supported") === "yes";
    }
    if (submitter && submitter.name === "value") {
      operation.value = submitter.value;
    }
    return operation;
  }

  // Say what is wrong beside the form, rather than send what the server would refuse.
  function problemWith(form, operation) {
    const old = form.querySelector(".govuk-error-message");
    if (old) {
      old.remove();
    }
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

  let lastClicked = null;
  root.addEventListener("click", (event) => {
    lastClicked = event.target.closest("button");
  });

  root.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    // event.submitter is missing on older phones.
    const submitter = event.submitter || lastClicked;
    const operation = operationFrom(form, submitter);
    if (problemWith(form, operation)) {
      return;
    }
    refusalLine.textContent = "";
    const sent = live.send(operation);
    const section = form.closest(".app-step");
    const kind = operation.kind;

    if (kind === "tag") {
      drawTags();
      announce("choice", TAG_LABELS[operation.value] + " chosen for " + describe(section));
      if (operation.value === "adapt") {
        announce("help", "You can suggest new wording below.");
      } else {
        moveOnFrom(section);
      }
    } else if (kind === "reword") {
      delete form.dataset.edited;
      form.querySelector("[data-note]").textContent = "Waiting to send";
    } else if (kind === "comment" || kind === "note") {
      addOwn(kind, sent);
      form.reset();
    } else if (kind === "add_card") {
      form.reset();
      drawCards();
    } else if (kind === "support") {
      drawCards();
    } else if (kind === "remove_card") {
      drawCards();
      section.querySelector(".app-step__title").focus();
      announce("choice", "Removed");
    } else {
      removeOwn(kind.replace("remove_", ""), operation[kind.replace("remove_", "") + "_id"]);
      section.querySelector(".app-step__title").focus();
      announce("choice", "Removed");
    }
  });

  // A changed wording is no longer the saved one, and a snapshot leaves it alone until it is sent.
  root.addEventListener("input", (event) => {
    const form = event.target.form;
    const note = form && form.querySelector("[data-note]");
    if (note) {
      note.textContent = "";
      form.dataset.edited = "yes";
    }
  });

  // --- The draft charter ---------------------------------------------------------------------

  const draftThemes = document.querySelector("[data-draft-themes]");

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

  function statementItem(id) {
    return draftThemes.querySelector('[data-draft-statement-id="' + id + '"]');
  }

  // Drawn again whole, keeping open the questions that were open and the keyboard where it was.
  function showDraft(draft) {
    if (!draftThemes || !draft) {
      return;
    }
    const open = Array.from(draftThemes.querySelectorAll("details[open]"), (details) => details.closest("li").dataset.draftStatementId);
    const focused = draftThemes.contains(document.activeElement) && document.activeElement.closest("li");
    const parts = [];
    draft.themes.forEach((theme) => {
      parts.push(element("h3", { class: "govuk-heading-s app-room-draft__theme" }, [theme.title]));
      parts.push(
        theme.statements.length
          ? element("ul", { class: "app-room-draft__statements" }, theme.statements.map(draftStatement))
          : element("p", { class: "app-empty" }, ["No statements yet."])
      );
    });
    draftThemes.replaceChildren(...parts);
    document.querySelector("[data-draft-title]").textContent = draft.title;
    document.querySelector("[data-draft-waiting]").hidden = true;
    open.forEach((id) => {
      const item = statementItem(id);
      if (item) {
        item.querySelector("details").open = true;
      }
    });
    const again = focused && statementItem(focused.dataset.draftStatementId);
    if (again) {
      again.querySelector("summary").focus({ preventScroll: true });
    }
  }

  // --- Answers from the server ----------------------------------------------------------------

  function acknowledged(operation, result) {
    const kind = operation.kind;
    if (kind === "tag") {
      model.tags[operation.board_id + ":" + operation.statement_id] = result.value;
      drawTags();
    } else if (kind === "reword") {
      const form = document.querySelector("#statement-" + operation.statement_id + " .app-reword");
      if (form) {
        form.dataset.saved = "yes";
        form.querySelector("[data-note]").textContent = "Saved";
      }
    } else if (kind === "comment" || kind === "note") {
      confirmOwn(kind, operation, result[kind + "_id"]);
    } else if (kind === "add_card") {
      model.myCards.add(result.card_id);
      if (!model.cards.some((card) => card.id === result.card_id)) {
        model.cards.push({ id: result.card_id, text: result.text, supports: 0 });
      }
      drawCards();
    } else if (kind === "support") {
      const card = model.cards.find((found) => found.id === result.card_id);
      if (card && result.supported !== model.supports.has(card.id)) {
        card.supports += result.supported ? 1 : -1;
      }
      model.supports[result.supported ? "add" : "delete"](result.card_id);
      drawCards();
    }
  }

  function refused(operation, answer) {
    refusalLine.textContent = answer.message;
    // Take back what was shown before the server said no.
    const item = root.querySelector('[data-operation="' + operation.id + '"]');
    if (item && item.parentElement !== cardList) {
      const list = item.parentElement;
      item.remove();
      drawEmpty(list);
    }
    const note = document.querySelector("#statement-" + operation.statement_id + " [data-note]");
    if (operation.kind === "reword" && note) {
      note.textContent = "";
      // Not saved: a snapshot must not take the words back.
      note.closest("form").dataset.edited = "yes";
    }
    drawTags();
    drawCards();
  }

  // Announce when the connection is lost or back, and "Saved" when nothing is left to send.
  let wasOffline = false;
  let wasWaiting = false;
  function status(text, connection, waiting) {
    if (connection === "offline" || connection === "refused") {
      if (!wasOffline) {
        announce("status", text);
      }
      wasOffline = true;
      wasWaiting = wasWaiting || waiting > 0;
    } else if (connection === "online" && !waiting) {
      if (wasOffline) {
        announce("status", wasWaiting ? "Back online. All changes saved" : "Back online");
      } else if (wasWaiting) {
        announce("status", "Saved");
      }
      wasOffline = false;
      wasWaiting = false;
    } else if (waiting) {
      wasWaiting = true;
      // Something new is waiting: "Saved" would no longer be true.
      messages.delete("status");
    }
  }

  function snapshot(data) {
    if (data.workshop.results_revealed !== revealed) {
      live.reloadSoon();
    }
    const paused = document.getElementById("paused");
    if (paused) {
      paused.hidden = !data.workshop.tagging_locked;
    }
    model.tags = data.mine.tags;
    model.myCards = new Set(data.mine.cards);
    model.supports = new Set(data.mine.supports);
    model.cards = data.cards.filter((card) => !card.hidden);
    drawRewordings(data.mine.rewordings);
    drawTags();
    drawCards();
    matchOwn("comment", data.mine.comments);
    matchOwn("note", data.mine.notes);
    Object.keys(data.counts).forEach((boardId) => drawCounts(boardId, data.counts[boardId]));
    showDraft(data.draft);
  }

  function state(next) {
    if (next.results_revealed !== revealed) {
      live.reloadSoon();
    }
    const paused = document.getElementById("paused");
    if (paused) {
      paused.hidden = !next.tagging_locked;
    }
  }

  function hidden(item) {
    if (!item.hidden) {
      // Restored cards come back with the next list; other restored words with the next page.
      return;
    }
    if (item.kind === "card") {
      model.cards = model.cards.filter((card) => card.id !== item.id);
      drawCards();
    } else if (item.kind === "comment" || item.kind === "note") {
      removeOwn(item.kind, item.id);
    } else if (item.kind === "rewording" && root.querySelector(".app-reword[data-saved]")) {
      // Rewordings come without ids: only a phone with a saved one can be its author, and
      // the snapshot says which of its rewordings are still there.
      live.socket.emit("snapshot", (answer) => {
        if (answer && answer.ok) {
          snapshot(answer.snapshot);
        }
      });
    }
  }

  // The status line says why (see live.js); nothing here can be sent any more.
  function removed() {
    root.querySelectorAll("form, .app-pager").forEach((part) => {
      part.hidden = true;
    });
  }

  const live = window.CharterLive.connect({
    code: root.dataset.code,
    role: "participant",
    state: {
      stage: root.dataset.stage,
      open_board_ids: root.dataset.boards ? root.dataset.boards.split(",").map(Number) : [],
    },
    statusElement: document.getElementById("live-status"),
    on: {
      snapshot: snapshot,
      state: state,
      counts: (data) => drawCounts(data.board_id, data.counts),
      cards: (data) => setCards(data.cards),
      card_changes: changeCards,
      hidden: hidden,
      removed: removed,
      draft: (draft) => {
        showDraft(draft);
        announce("draft", "Draft updated");
      },
      acknowledged: acknowledged,
      refused: refused,
      status: status,
    },
  });

  // What this phone made before the page was loaded and has not yet sent.
  live.pending().forEach((operation) => {
    if ((operation.kind === "comment" || operation.kind === "note") && ownList(operation.kind, operation)) {
      addOwn(operation.kind, operation);
    } else if (operation.kind === "remove_comment" || operation.kind === "remove_note") {
      const kind = operation.kind.replace("remove_", "");
      removeOwn(kind, operation[kind + "_id"]);
    }
  });
  drawTags();
  drawCards();

  if (pager && steps.length) {
    pager.hidden = false;
    pager.addEventListener("click", (event) => {
      const button = event.target.closest("[data-go]");
      if (button) {
        showStep(current + (button.dataset.go === "next" ? 1 : -1), true);
      }
    });
    root.querySelectorAll(".app-jump a").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        link.closest("details").open = false;
        showStep(steps.findIndex((step) => "#" + step.id === link.hash), true);
      });
    });
    showStep(firstStep(), false);
  }
})();
