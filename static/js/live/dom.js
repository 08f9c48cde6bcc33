// Building elements. Text only ever goes in as text, never as HTML.

export function element(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

export function hiddenInput(name, value) {
  return element("input", { type: "hidden", name, value });
}
