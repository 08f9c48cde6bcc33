// Drawing one part of a watching screen (the console, the projector) again from
// the server, as it would draw the whole page now: used for the priorities board,
// which changes as a whole. One request at a time; a change while one is on its
// way asks for one more afterwards. A part holding the keyboard's focus is left
// as it is until the focus leaves it, so that nobody's typing or place is lost.
// `drawn(fresh)` is called once it is on the page; `replace(shown, fresh)`, if given,
// puts it there in place of the default, which swaps the whole part.

export function createRefresher(selector, { drawn = () => {}, replace = (shown, fresh) => shown.replaceWith(fresh) } = {}) {
  let busy = false;
  let again = false;

  function swap(html) {
    const fresh = new DOMParser().parseFromString(html, "text/html").querySelector(selector);
    const shown = document.querySelector(selector);
    if (!fresh || !shown) {
      return;
    }
    if (shown.contains(document.activeElement) && document.activeElement !== document.body) {
      shown.addEventListener("focusout", refresh, { once: true });
      return;
    }
    replace(shown, fresh);
    drawn(fresh);
  }

  function refresh() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    fetch(window.location.href, { cache: "no-store", credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => html && swap(html))
      .catch(() => {
        // The next change, or the next connection's snapshot, draws it again.
      })
      .finally(() => {
        busy = false;
        if (again) {
          again = false;
          refresh();
        }
      });
  }

  return refresh;
}
