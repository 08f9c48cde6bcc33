// The phone's polite live region: at most one short message every ANNOUNCE_GAP,
// the latest of each topic, so that a burst of changes is said as one summary.

const ANNOUNCE_GAP = 1_500; // ms between two messages

export function createAnnouncer(region) {
  const messages = new Map(); // topic -> latest message
  let timer = null;
  let lastAnnounced = 0;

  function flush() {
    timer = null;
    lastAnnounced = Date.now();
    let text = Array.from(messages.values()).join(" ");
    messages.clear();
    // The same words again would not be read out: make them differ.
    if (text === region.textContent) {
      text += "\u00a0";
    }
    region.textContent = text;
  }

  return {
    say(topic, text) {
      messages.delete(topic);
      messages.set(topic, text);
      if (!timer) {
        timer = window.setTimeout(flush, Math.max(50, lastAnnounced + ANNOUNCE_GAP - Date.now()));
      }
    },
    // Whether a message on this topic is still to be said.
    waiting: (topic) => messages.has(topic),
    // A message not yet said that is no longer true.
    forget(topic) {
      messages.delete(topic);
    },
  };
}
