// The projector's pages: a board of any length, at a size the back of the room
// can read. Rather than shrinking a long board until nobody can read it, its
// statements are laid out theme by theme in columns, as many as fit the
// screen, and the pages turn every so often, with "Page 1 of 3" and a pause.
//
// The container holds, as the server drew them, sections with data-theme (a
// heading and a list of statements) and parts with data-own-page (the notes,
// the cards, the draft), each on a page of its own, shrunk to fit if it must.
// data-columns on the container asks for another number of columns than three;
// data-keep-together starts a section in a new column rather than break it.
// The statements themselves are moved, never copied, so that live updates
// find them wherever they are.

const COLUMNS = 3;
const SECONDS_PER_PAGE = 15;
// A part with a page of its own shrinks to fit, but no further than this.
const SMALLEST_SCALE = 0.5;

function readParts(container) {
  return Array.from(container.children).map((child) =>
    child.hasAttribute("data-theme")
      ? { theme: child, items: Array.from(child.querySelectorAll(":scope > ul > li")) }
      : { own: child },
  );
}

// A copy of a theme's section, heading and empty list, for a column of a page.
function themeSection(theme, continued) {
  const section = theme.cloneNode(false);
  const heading = theme.querySelector(":scope > :first-child").cloneNode(true);
  if (continued) {
    heading.append(" (continued)");
  }
  const list = theme.querySelector(":scope > ul").cloneNode(false);
  section.append(heading, list);
  return { section, list };
}

function shrinkToFit(part, room) {
  let scale = 1;
  part.style.fontSize = "";
  while (part.offsetHeight > room && scale > SMALLEST_SCALE) {
    scale -= 0.05;
    part.style.fontSize = `${Math.round(scale * 100)}%`;
  }
}

// container: the [data-pages] element; pager: the [data-pager] element with its
// [data-page-number], [data-page-count] and [data-pause] button.
export function makePages(container, pager) {
  const parts = readParts(container);
  // Three columns unless the container asks for another number (data-columns).
  const columns = Number(container.dataset.columns) || COLUMNS;
  const keepTogether = container.hasAttribute("data-keep-together");
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
    const shown = pages[current];
    if (shown && shown.classList.contains("app-page--own")) {
      shrinkToFit(shown.firstElementChild, room);
    } else if (overflowing()) {
      layOut();
    }
  }

  function overflowing() {
    const shown = pages[current];
    return Boolean(shown) && Array.from(shown.children).some((column) => column.offsetHeight > room + 1);
  }

  function layOut() {
    // Measured with the pager on the screen, so that the pages never change size when it shows.
    pager.hidden = false;
    container.style.height = "";
    container.replaceChildren();
    room = Math.max(100, Math.floor(window.innerHeight - container.getBoundingClientRect().top - pager.offsetHeight));
    container.style.height = `${room}px`;
    // Less whatever still lies below it: the page's own margins.
    room = Math.max(100, room - Math.max(0, document.documentElement.scrollHeight - window.innerHeight));
    container.style.height = `${room}px`;
    pages = [];
    let page = null;
    let column = null;
    const newPage = (own) => {
      page = document.createElement("div");
      page.className = own ? "app-page app-page--own" : "app-page";
      container.append(page);
      pages.push(page);
      column = null;
    };
    const newColumn = () => {
      if (!page || page.classList.contains("app-page--own") || page.children.length >= columns) {
        newPage(false);
      }
      column = document.createElement("div");
      column.className = "app-page__column";
      page.append(column);
    };
    for (const part of parts) {
      if (part.own) {
        newPage(true);
        page.append(part.own);
        shrinkToFit(part.own, room);
        continue;
      }
      let shown = null;
      for (const item of part.items) {
        if (!column) {
          newColumn();
        }
        if (!shown) {
          shown = themeSection(part.theme, false);
          column.append(shown.section);
        }
        shown.list.append(item);
        const alone = column.children.length === 1 && shown.list.children.length === 1;
        if (column.offsetHeight > room && !alone) {
          // Kept whole (data-keep-together), a part starts a column of its own rather than breaking.
          const whole = keepTogether && column.children.length > 1;
          const moving = whole ? Array.from(shown.list.children) : [item];
          const started = !whole && shown.list.children.length > 1;
          if (!started) {
            shown.section.remove();
          }
          newColumn();
          shown = themeSection(part.theme, started);
          column.append(shown.section);
          shown.list.append(...moving);
        }
      }
    }
    show(Math.min(current, pages.length - 1));
  }

  function turn(by) {
    show(current + by);
  }

  function restartTimer() {
    window.clearInterval(timer);
    timer = paused ? null : window.setInterval(() => turn(1), SECONDS_PER_PAGE * 1000);
  }

  function setPaused(now) {
    paused = now;
    pauseButton.textContent = paused ? "Resume" : "Pause";
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
      show(current);
    },
  };
}
