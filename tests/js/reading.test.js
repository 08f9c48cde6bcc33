// The phone's reading aids (static/js/phone/reading.js): settings kept on the phone, a British voice.
import assert from "node:assert/strict";
import { test } from "node:test";

import { britishVoice, createReader, DEFAULTS, loadSettings, SETTINGS_KEY, settingClasses } from "../../static/js/phone/reading.js";

const storageWith = (text) => ({ getItem: (key) => (key === SETTINGS_KEY ? text : null) });

test("settings come from the phone's storage, the defaults for what is missing or unreadable", () => {
  assert.deepEqual(loadSettings(storageWith('{"text_size":"larger","rate":3}')), { ...DEFAULTS, text_size: "larger" });
  assert.deepEqual(loadSettings(storageWith("not json")), DEFAULTS);
  assert.deepEqual(loadSettings(null), DEFAULTS);
});

test("a British voice is chosen before any other English one, and none is better than a foreign one", () => {
  const american = { name: "us", lang: "en-US" };
  const british = { name: "gb", lang: "en_GB" };
  assert.equal(britishVoice([american, british]), british);
  assert.equal(britishVoice([{ name: "fr", lang: "fr-FR" }, american]), american);
  assert.equal(britishVoice([{ name: "fr", lang: "fr-FR" }]), null);
});

test("one thing is read at a time: another button reads instead, the same one again stops", () => {
  const said = [];
  let cancelled = 0;
  const speech = { speak: (utterance) => said.push(utterance), cancel: () => (cancelled += 1), getVoices: () => [] };
  const shown = new Map();
  const reader = createReader({
    speech,
    Utterance: class {
      constructor(text) {
        this.text = text;
      }
    },
    rate: () => 0.75,
    showReading: (button, on) => shown.set(button, on),
  });
  reader.toggle("first", "We will listen");
  assert.deepEqual([said[0].text, said[0].lang, said[0].rate], ["We will listen", "en-GB", 0.75]);
  reader.toggle("second", "We will be kind");
  assert.deepEqual([cancelled, shown.get("first"), shown.get("second")], [1, false, true]);
  reader.toggle("second", "We will be kind");
  assert.deepEqual([cancelled, said.length, shown.get("second")], [2, 2, false]);
  // The end of speech already stopped shows nothing new.
  said[0].onend();
  assert.equal(shown.get("first"), false);
});

test("easy read is off unless the phone kept it on, and draws the page with its class", () => {
  assert.equal(DEFAULTS.easy_read, "off");
  const kept = loadSettings(storageWith('{"easy_read":"on"}'));
  assert.equal(kept.easy_read, "on");
  assert.equal(settingClasses(kept)["app-easy-read"], true);
  assert.equal(settingClasses(DEFAULTS)["app-easy-read"], false);
});
