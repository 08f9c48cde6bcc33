"""What the browser tests of the big screen check on any page of it, in the page itself."""

# The smallest text the back of the room can read on a 1920 x 1080 screen, in CSS pixels.
SMALLEST_TEXT = 28

# Every piece of text on the screen as it is now that is smaller than the smallest the room can read.
SMALL_TEXT = """(smallest) => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest(".govuk-visually-hidden, script, template")) {
      continue;
    }
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!Array.from(range.getClientRects()).some((rect) => rect.width > 1 && rect.height > 1)) {
      continue;
    }
    const size = parseFloat(getComputedStyle(element).fontSize);
    if (size < smallest) {
      found.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
    }
  }
  return found;
}"""

# The labels of the choices (with their numbers) that take more than one line.
BROKEN_LABELS = """() => Array.from(document.querySelectorAll(".app-tally__label"))
  .filter((label) => label.getClientRects().length)
  .filter((label) => {
    const words = Array.from(label.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE);
    const lines = new Set();
    for (const node of words) {
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) {
        lines.add(Math.round(rect.top));
      }
    }
    return lines.size > 1;
  })
  .map((label) => label.textContent.trim())"""

# Every word on the screen broken over two lines (a word here: what lies between spaces and hyphens).
BROKEN_WORDS = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".govuk-visually-hidden, script, template")) {
      continue;
    }
    for (const word of node.textContent.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 1 && rect.height > 1);
      if (new Set(rects.map((rect) => Math.round(rect.top))).size > 1) {
        found.push(word[0]);
      }
    }
  }
  return found;
}"""

# The text of each element the selector finds, shown, that takes more than one line.
ON_MORE_THAN_ONE_LINE = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((element) => element.getClientRects().length)
  .filter((element) => {
    const rects = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      rects.push(...Array.from(range.getClientRects()).filter((rect) => rect.width > 1 && rect.height > 1));
    }
    return rects.some((rect) => rect.top >= rects[0].top + rects[0].height / 2);
  })
  .map((element) => element.textContent.trim())"""
