// The phone's reading aids, kept on this phone (localStorage) and never sent:
// larger text, a high-contrast theme, and reading aloud with the browser's own
// speech synthesis (nothing leaves the phone for it), in a British English voice
// where the phone has one, at the speed the person chooses; and easy read, which shows each
// statement's easy-read version and the phone's own words in plain words, short sentences.
//
// Reading aloud never holds anything up: speaking goes on by itself while the
// choices stay one tap away, and nothing is announced or focused for it, so a
// screen reader carries on as it was.

import { element } from "../live/dom.js";

export const SETTINGS_KEY = "charter-workshop:reading";
export const DEFAULTS = { text_size: "standard", contrast: "standard", rate: "normal", easy_read: "off" };
// How fast each reading speed speaks, 1 being the voice's own.
export const RATES = { slower: 0.75, normal: 1, faster: 1.3 };

// The settings kept on this phone, the defaults for any it does not have.
export function loadSettings(storage) {
  let stored = null;
  try {
    stored = JSON.parse(storage.getItem(SETTINGS_KEY));
  } catch {
    // No storage, or nothing readable in it: the defaults.
  }
  const settings = { ...DEFAULTS };
  for (const name of Object.keys(DEFAULTS)) {
    if (stored && typeof stored[name] === "string") {
      settings[name] = stored[name];
    }
  }
  return settings;
}

export function saveSettings(storage, settings) {
  try {
    storage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // Kept for this page only.
  }
}

// The classes on <html> that draw the page as the settings say (static/scss/_reading.scss).
export function settingClasses(settings) {
  return {
    "app-text-large": settings.text_size === "large",
    "app-text-larger": settings.text_size === "larger",
    "app-contrast-high": settings.contrast === "high",
    "app-easy-read": settings.easy_read === "on",
  };
}

// A British English voice if the phone has one, else any English one, else none (the phone's own).
export function britishVoice(voices) {
  const language = (voice) => String(voice.lang).replace("_", "-").toLowerCase();
  return (
    voices.find((voice) => language(voice) === "en-gb") ||
    voices.find((voice) => language(voice).startsWith("en")) ||
    null
  );
}

// speech: the browser's speechSynthesis; Utterance: its SpeechSynthesisUtterance; rate(): the
// speed now. One thing is read at a time: pressing another button reads that instead, and
// pressing the same one again stops it.
export function createReader({ speech, Utterance, rate, showReading }) {
  let reading = null; // {button, utterance}

  function finished(utterance) {
    if (reading?.utterance === utterance) {
      showReading(reading.button, false);
      reading = null;
    }
  }

  function stop() {
    if (reading) {
      showReading(reading.button, false);
      reading = null;
      speech.cancel();
    }
  }

  return {
    stop,
    toggle(button, text) {
      const again = reading?.button === button;
      stop();
      if (again || !text.trim()) {
        return;
      }
      const utterance = new Utterance(text);
      utterance.lang = "en-GB";
      const voice = britishVoice(speech.getVoices());
      if (voice) {
        utterance.voice = voice;
      }
      utterance.rate = rate();
      utterance.onend = () => finished(utterance);
      utterance.onerror = () => finished(utterance);
      reading = { button, utterance };
      showReading(button, true);
      speech.speak(utterance);
    },
  };
}

// root: the participant's page; storage: localStorage (or null); labels: the words of the
// read-aloud buttons (labels.reading); onEasyRead(): called when easy read is turned on or off.
export function setUpReading({ root, storage, labels, onEasyRead = () => {} }) {
  const settings = loadSettings(storage);
  const html = document.documentElement;
  const apply = () => {
    for (const [name, on] of Object.entries(settingClasses(settings))) {
      html.classList.toggle(name, on);
    }
  };
  apply();

  const tools = root.querySelector("#reading");
  if (!tools) {
    return;
  }
  tools.hidden = false;
  const easySwitch = tools.querySelector("#easy-read-switch");
  easySwitch.setAttribute("aria-pressed", String(settings.easy_read === "on"));
  easySwitch.addEventListener("click", () => {
    settings.easy_read = settings.easy_read === "on" ? "off" : "on";
    easySwitch.setAttribute("aria-pressed", String(settings.easy_read === "on"));
    apply();
    saveSettings(storage, settings);
    onEasyRead();
  });
  for (const input of tools.querySelectorAll("input[type=radio]")) {
    const name = input.closest("[data-setting]").dataset.setting;
    input.checked = input.value === settings[name];
    input.addEventListener("change", () => {
      settings[name] = input.value;
      apply();
      saveSettings(storage, settings);
    });
  }

  const speech = window.speechSynthesis;
  const Utterance = window.SpeechSynthesisUtterance;
  if (!speech || !Utterance) {
    // Nothing to read with: no speed to choose.
    tools.querySelector('[data-setting="rate"]').hidden = true;
    return;
  }
  const reader = createReader({
    speech,
    Utterance,
    rate: () => RATES[settings.rate] || 1,
    showReading(button, on) {
      button.lastChild.textContent = on ? labels.stop_reading : labels.read_aloud;
    },
  });
  // Made here, not in the page: they are no use without this script and the phone's speech.
  for (const words of root.querySelectorAll("[data-read-aloud]")) {
    const button = readAloudButton(labels.read_aloud);
    // What the person sees, in the words they chose to see (innerText leaves out what is hidden).
    button.addEventListener("click", () => reader.toggle(button, words.innerText));
    words.after(button);
  }
  // Speech would otherwise carry on after the page is left.
  window.addEventListener("pagehide", reader.stop);
}

// The button, with the page's speaker symbol (templates/live/_symbols.html) beside its words.
function readAloudButton(text) {
  const svg = "http://www.w3.org/2000/svg";
  const symbol = document.createElementNS(svg, "svg");
  symbol.setAttribute("class", "app-symbol");
  symbol.setAttribute("aria-hidden", "true");
  symbol.setAttribute("focusable", "false");
  const use = document.createElementNS(svg, "use");
  use.setAttribute("href", "#symbol-read_aloud");
  symbol.append(use);
  return element("button", { type: "button", class: "app-small-button app-read-aloud" }, [
    symbol,
    " ",
    element("span", {}, [text]),
  ]);
}
