// The product's words for the scripts: the page's #app-labels data block, made
// from workshop/labels.py, the one place every label lives.

export const labels = JSON.parse(document.getElementById("app-labels").textContent);

// The phrase for a number, as labels.counted does on the server:
// counted(labels.support, 3) is "Supported by 3 people".
export function counted(phrases, count) {
  if (count === 1) {
    return phrases.one;
  }
  return count === 0 && phrases.none ? phrases.none : phrases.many.replace("{count}", String(count));
}
