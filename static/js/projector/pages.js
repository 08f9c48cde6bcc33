// The projector's pages: a board of any length, at a size the back of the room
// can read. Rather than shrinking what is long until nobody can read it, its
// parts are laid out in columns, as many as fit the screen, and the pages turn
// every so often, with "Page 1 of 3" and a pause.
//
// The container holds, as the server drew them, the parts: sections with
// data-theme, each an optional heading, a list (ul or ol) and, for when the
// list is empty, a paragraph with data-empty. A part's items run on from column
// to column, its heading repeated "(continued)" at the top of the next page. Sections with data-group
// belong together (the notes of a board, the cards, the draft) and start a page
// of their own; projector.js draws a group again with setGroup, or one part's
// items (data-part) with setItems, as the room adds to them.
// data-columns on the container asks for another number of columns than three;
// data-keep-together starts a section in a new column rather than break it;
// data-column-per-part starts each part in a column of its own (the focus's rewordings and comments).
// The items themselves are moved, never copied, so that live updates find them
// wherever they are.

const COLUMNS = 3;
const SECONDS_PER_PAGE = 15;

function listOf(section) {
  return section.querySelector(":scope > ul, :scope > ol");
}

// Each section's items are taken out of it, leaving it as the part's template.
function readParts(sections) {
  return sections.map((section) => {
    const items = Array.from(listOf(section).children);
    for (const item of items) {
      item.remove();
    }
    return { theme: section, items };
  });
}

// A copy of a part's section, with its heading (or none, for the next column
// of the same page) and an empty list, for a column of a page.
function themeSection(theme, { continued = false, headed = true } = {}) {
  const section = theme.cloneNode(false);
  const list = listOf(theme);
  const heading = list.previousElementSibling?.cloneNode(true);
  if (heading && headed) {
    if (continued) {
      // A heading drawn with more under it (the priorities' column headings) says so in its own heading.
      (heading.querySelector("h1, h2, h3, h4, h5, h6") ?? heading).append(" (continued)");
    }
    section.append(heading);
  }
  const copy = list.cloneNode(false);
  section.append(copy);
  return { section, list: copy };
}

// A part with nothing in it: its heading and what it says when empty.
function emptySection(theme) {
  const section = theme.cloneNode(true);
  const empty = section.querySelector(":scope > [data-empty]");
  if (empty) {
    empty.hidden = false;
  }
  return section;
}

// container: the [data-pages] element; pager: the [data-pager] element with its
// [data-page-number], [data-page-count] and [data-pause] button.
export function makePages(container, pager) {
  const parts = readParts(Array.from(container.children));
  // Three columns unless the container asks for another number (data-columns).
  const columns = Number(container.dataset.columns) || COLUMNS;
  const keepTogether = container.hasAttribute("data-keep-together");
  const columnPerPart = container.hasAttribute("data-column-per-part");
  const pauseButton = pager.querySelector("[data-pause]");
  let pages = [];
  let current = 0;
  let paused = false;
  let room = 0;
  let timer = null;

  function show(index) {
    current = pages.length ? (index + pages.length) % pages.length : 0;
    pages.forEach((page, at) => {
      page.hidden = at !== current;
    });
    pager.querySelector("[data-page-number]").textContent = String(current + 1);
    pager.querySelector("[data-page-count]").textContent = String(pages.length);
    pager.hidden = pages.length < 2;
  }

  function overflowing() {
    const shown = pages[current];
    return Boolean(shown) && Array.from(shown.children).some((column) => column.offsetHeight > room + 1);
  }

  // How tall each part's heading, heading "(continued)", items and what it says when empty are in a
  // column: drawn once, all in one column, and measured together, which is far quicker on a slow
  // projector's computer than measuring a column again after each item.
  function measure() {
    const page = document.createElement("div");
    page.className = "app-page";
    const ruler = document.createElement("div");
    ruler.className = "app-page__column";
    page.append(ruler);
    container.append(page);
    // Each one on its own, margins and all.
    const block = (section) => {
      section.style.display = "flow-root";
      ruler.append(section);
      return section;
    };
    const drawn = parts.map((part) => {
      if (!part.items.length) {
        return { empty: block(emptySection(part.theme)) };
      }
      const full = themeSection(part.theme);
      full.list.append(...part.items);
      const continued = themeSection(part.theme, { continued: true });
      continued.list.remove();
      return { full: block(full.section), continued: block(continued.section) };
    });
    const sizes = drawn.map(({ empty, full, continued }) => {
      if (empty) {
        return { empty: empty.getBoundingClientRect().height };
      }
      const bottom = full.getBoundingClientRect().bottom;
      const tops = Array.from(listOf(full).children, (item) => item.getBoundingClientRect().top);
      return {
        heading: tops[0] - full.getBoundingClientRect().top,
        continued: continued.getBoundingClientRect().height,
        items: tops.map((top, at) => (at + 1 < tops.length ? tops[at + 1] : bottom) - top),
      };
    });
    page.remove();
    return sizes;
  }

  // Where each column of the pages shown begins, as places in the run of every part's items (an empty
  // part counts as one): kept so that a live change lays the pages out as they were while they still fit.
  let breaks = [];

  // Lays the parts out in pages: fresh, filling each column as far as it goes (after the screen
  // changed), or, with `keep`, with the columns beginning where they did before as long as every
  // column still fits, and only otherwise fresh. So a live change never moves what is on the screen
  // for nothing, and the same parts are laid out the same way every time: measured once, in one go.
  function layOut({ keep = false } = {}) {
    // Measured with the pager on the screen, so that the pages never change size when it shows.
    pager.hidden = false;
    container.style.height = "";
    container.replaceChildren();
    room = Math.max(100, Math.floor(window.innerHeight - container.getBoundingClientRect().top - pager.offsetHeight));
    container.style.height = `${room}px`;
    // Less whatever still lies below it: the page's own margins.
    room = Math.max(100, room - Math.max(0, document.documentElement.scrollHeight - window.innerHeight));
    container.style.height = `${room}px`;
    const sizes = measure();
    if (!(keep && breaks.length && place(sizes, new Set(breaks)))) {
      place(sizes, null);
    }
    show(Math.min(current, pages.length - 1));
  }

  // Places every part's items in pages: where the sizes say (`kept` null), or beginning a column
  // only at the places in `kept`; false, with nothing placed, if a column would then overflow.
  function place(sizes, kept) {
    container.replaceChildren();
    pages = [];
    const begun = [];
    let page = null;
    let column = null;
    let used = 0;
    let group = null;
    let at = 0;
    let fits = true;
    const newPage = () => {
      page = document.createElement("div");
      page.className = "app-page";
      container.append(page);
      pages.push(page);
      column = null;
    };
    // Whether it starts a new page.
    const newColumn = () => {
      const turning = !page || page.children.length >= columns;
      if (turning) {
        newPage();
      }
      column = document.createElement("div");
      column.className = "app-page__column";
      page.append(column);
      begun.push(at);
      used = 0;
      return turning;
    };
    // Whether the item at `at`, `height` high, begins a column: as before, or when this one is full
    // (or, `first` of a part, when each part has a column of its own).
    const begins = (height, first = false) =>
      kept ? kept.has(at) : used > 0 && ((first && columnPerPart) || used + height > room);
    // A column for `height` more: this one, or the next.
    const columnFor = (height, first = false) => {
      if (!column || begins(height, first)) {
        newColumn();
      }
    };
    const add = (height) => {
      used += height;
      fits &&= used <= room + 1;
    };
    parts.forEach((part, number) => {
      const size = sizes[number];
      // Each group starts a page of its own.
      const partGroup = part.theme.dataset.group || "";
      if (page && partGroup !== group) {
        newPage();
      }
      group = partGroup;
      if (!part.items.length) {
        columnFor(size.empty, true);
        column.append(emptySection(part.theme));
        add(size.empty);
        at += 1;
        return;
      }
      // Kept whole (data-keep-together), a part starts a column of its own rather than breaking.
      const whole = keepTogether ? size.items.reduce((sum, height) => sum + height, 0) : 0;
      let shown = null;
      part.items.forEach((item, index) => {
        const height = size.items[index];
        if (!shown) {
          columnFor(size.heading + (whole || height), true);
          shown = themeSection(part.theme);
          column.append(shown.section);
          add(size.heading);
        } else if (!whole && begins(height)) {
          const turned = newColumn();
          shown = themeSection(part.theme, { continued: true, headed: turned });
          column.append(shown.section);
          add(turned ? size.continued : 0);
        }
        shown.list.append(item);
        add(height);
        at += 1;
      });
    });
    if (kept && !fits) {
      return false;
    }
    breaks = begun;
    return true;
  }

  function turn(by) {
    show(current + by);
  }

  function restartTimer() {
    window.clearInterval(timer);
    timer = paused ? null : window.setInterval(() => turn(1), SECONDS_PER_PAGE * 1000);
  }

  // The button keeps its name and says whether it is pressed; the pager says so in words too.
  function setPaused(now) {
    paused = now;
    pauseButton.setAttribute("aria-pressed", String(paused));
    pager.querySelector("[data-paused]").hidden = !paused;
    restartTimer();
  }

  pauseButton.addEventListener("click", () => setPaused(!paused));
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.key === "ArrowRight" || event.key === "PageDown") {
      turn(1);
      restartTimer();
    } else if (event.key === "ArrowLeft" || event.key === "PageUp") {
      turn(-1);
      restartTimer();
    } else if (event.key === "p" && event.target === document.body) {
      setPaused(!paused);
    }
  });

  layOut();
  restartTimer();
  return {
    layOut,
    // After a change of what is shown: lay out again only if the page shown no longer fits.
    refit() {
      if (overflowing()) {
        layOut({ keep: true });
      }
    },
    // Whether a group or part of that name is on the pages.
    has(name) {
      return parts.some(({ theme }) => theme.dataset.group === name || theme.dataset.part === name);
    },
    // The group's sections, as drawn again, in place of the ones it had (a group with none yet goes
    // first, or with `last` last).
    setGroup(name, sections, { last = false } = {}) {
      const at = parts.findIndex(({ theme }) => theme.dataset.group === name);
      const count = parts.filter(({ theme }) => theme.dataset.group === name).length;
      parts.splice(at >= 0 ? at : last ? parts.length : 0, count, ...readParts(sections));
      layOut({ keep: true });
    },
    // Parts' items as they are now, by part name, in place of the ones they had.
    setItems(byName) {
      for (const part of parts) {
        if (Object.hasOwn(byName, part.theme.dataset.part ?? "")) {
          part.items = byName[part.theme.dataset.part];
        }
      }
      layOut({ keep: true });
    },
    // An item taken off the screen (a note or card hidden).
    removeItem(element) {
      const part = parts.find(({ items }) => items.includes(element));
      if (part) {
        part.items = part.items.filter((item) => item !== element);
        layOut({ keep: true });
      }
    },
    // Turns to the page that holds `element`, and keeps to it until the next turn.
    showPageOf(element) {
      const at = pages.findIndex((page) => page.contains(element));
      if (at >= 0) {
        show(at);
        restartTimer();
      }
    },
  };
}
