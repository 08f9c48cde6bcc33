// What the facilitator's console and the projector add to the shared live
// connection (live/connection.js): screens that only watch the room, all day.
//
// - While the connection is down, a banner says so, with the time of the last
//   update, so that a screen never shows an old board without saying so.
// - A refused connection is tried again every so often, in case it was passing;
//   a deleted workshop's screen says so and stops.
// - When the room has moved on (another stage or board, the results revealed or
//   hidden, tagging paused, another statement in focus on the big screen), the page is loaded again, once the server answers,
//   so that it is drawn by the server as it is now; or, for what a page draws again in place itself (the console's
//   big screen and room buttons), it is asked to.

import { connect } from "./connection.js";

const RETRY_REFUSED_SECONDS = 30;
const RELOAD_RETRY_SECONDS = 5;

// The parts of the workshop state that change how a page is laid out.
const LAYOUT_FIELDS = [
  "stage",
  "current_board_id",
  "open_board_ids",
  "results_revealed",
  "tagging_locked",
  "min_group_size",
  // What the big screen shows: every statement, one in focus, or the summary.
  "projector",
  "phones_follow_focus",
  "priorities_phase",
  "votes_per_person",
];

function timeOfDay(date) {
  return date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" });
}

// A value as text, whatever the order of an object's keys (the page's are sorted, the events' are not).
function asText(value) {
  const keys = value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).sort() : null;
  return JSON.stringify(value, keys);
}

// The fields of the layout in which `now` differs from what is shown.
export function changedLayout(shown, now) {
  return LAYOUT_FIELDS.filter((field) => asText(shown[field]) !== asText(now[field]));
}

// Once the page is being left (the facilitator pressed a button, whose answer
// is the page as it is now), loading it again would only get in the way.
let leaving = false;
window.addEventListener("beforeunload", () => {
  leaving = true;
});

// Load the page again, but only once the server answers: a screen left alone
// must not end up on a browser error page because the network blinked. It asks
// /healthz (which asks the database), not the page itself: drawing the page
// twice for every change doubled the server's work for each screen, and the
// big screen's wait when the facilitator moves it on.
export function reloadWhenReachable() {
  if (leaving) {
    return;
  }
  fetch("/healthz", { cache: "no-store" })
    .then((response) => {
      if (!response.ok) {
        throw new Error(`status ${response.status}`);
      }
      if (!leaving) {
        window.location.reload();
      }
    })
    .catch(() => window.setTimeout(reloadWhenReachable, RELOAD_RETRY_SECONDS * 1000));
}

// root: the element holding data-state (the workshop state the page is drawn
// with, which a page that draws parts again in place keeps up to date) and, for
// the projector, data-key. handlers: live event name to function; "snapshot" is
// called with each snapshot that fits the page. inPlace: the fields of the layout
// that the page draws again itself, with redraw(now), given the state heard,
// rather than being loaded again. Returns the Socket.IO socket.
export function connectScreen(root, role, handlers, { inPlace = [], redraw = () => {} } = {}) {
  const shown = () => JSON.parse(root.dataset.state);
  const banner = document.querySelector("[data-connection]");
  let lastUpdate = new Date();
  let live = null;

  const on = {};
  for (const [event, handler] of Object.entries(handlers)) {
    on[event] = (payload) => {
      lastUpdate = new Date();
      handler(payload);
    };
  }
  // Whether the page, as drawn, fits the state heard: loads it again when not, or has it drawn again in place.
  function follow(now) {
    const changed = changedLayout(shown(), now);
    if (changed.length === 0) {
      return true;
    }
    if (changed.every((field) => inPlace.includes(field))) {
      redraw(now);
      return true;
    }
    reloadWhenReachable();
    return false;
  }
  on.snapshot = (snapshot) => {
    lastUpdate = new Date();
    if (!follow(snapshot.workshop)) {
      return;
    }
    banner.textContent = "";
    handlers.snapshot(snapshot);
  };
  on.state = (state) => {
    lastUpdate = new Date();
    follow(state);
  };
  on.focus = (focus) => {
    lastUpdate = new Date();
    follow({ ...shown(), projector: focus });
  };
  // The workshop was deleted: say so, and never try again.
  let deleted = false;
  on.deleted = ({ message }) => {
    deleted = true;
    banner.textContent = message;
    // Nothing of what it showed stays on the screen.
    for (const part of root.children) {
      part.hidden = !part.contains(banner);
    }
  };
  on.status = (text, connection) => {
    if (deleted) {
      return;
    }
    if (connection === "offline" || connection === "refused") {
      const why = connection === "refused" ? text : "What you see may be out of date.";
      banner.textContent = `Reconnecting… Last updated at ${timeOfDay(lastUpdate)}. ${why}`;
    }
    if (connection === "refused") {
      window.setTimeout(() => live.socket.connect(), RETRY_REFUSED_SECONDS * 1000);
    }
  };

  live = connect({ code: shown().code, role, key: root.dataset.key, on });
  return live.socket;
}

// A polite live region that says at most one short summary every few seconds,
// the latest one, rather than every change as it happens.
export function throttledAnnouncer(region, seconds = 10) {
  let latest = "";
  let timer = null;
  return (text) => {
    latest = text;
    if (timer === null) {
      timer = window.setTimeout(() => {
        region.textContent = latest;
        timer = null;
      }, seconds * 1000);
    }
  };
}

// How each group tagged a statement, under it (in a row's [data-by-group] list, where
// the workshop asks for groups), one line per group made by `line`, as the server folded
// them so that nobody is singled out (workshop/live/breakdowns.py): the groups shown on
// their own, then Other groups, or a line saying it is not shown by group. `labels` are
// the page's (live/labels.js); with `real`, the real figures by group, which only the
// facilitator's console has, and shows only when the facilitator chooses.
export function showGroups(row, entry, labels, line, real = false) {
  const groups = row.querySelector("[data-by-group]");
  if (!groups) {
    return;
  }
  if (!entry) {
    groups.replaceChildren();
    return;
  }
  const byGroup = real ? entry.real_by_group : entry.by_group;
  const lines = Object.keys(labels.groups)
    .filter((group) => byGroup[group])
    .map((group) => line(labels.groups[group], byGroup[group]));
  if (!real && entry.other_groups) {
    lines.push(line(labels.breakdown.other_groups, entry.other_groups));
  }
  if (!real && entry.groups_withheld) {
    const item = document.createElement("li");
    item.className = "app-groups-withheld";
    item.textContent = labels.breakdown.not_shown;
    lines.push(item);
  }
  // How many of the counts came from paper, as the server allows it to be said ("Includes 4 from paper").
  if (entry.paper) {
    const item = document.createElement("li");
    item.className = "app-from-paper";
    item.textContent = entry.paper.text;
    lines.push(item);
  }
  groups.replaceChildren(...lines);
}
