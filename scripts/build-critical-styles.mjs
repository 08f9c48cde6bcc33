// The participant's critical styles: the rules of the built stylesheet
// (static/build/app.css) that the phone's page uses before its scripts run,
// into static/build/critical/participant.css. The page carries them inline, so
// that it is drawn as soon as it arrives, and loads the whole stylesheet after
// (templates/live/participant.html, docs/performance.md).
//
// Found, not written by hand: PurgeCSS keeps each rule whose classes, ids and
// elements all appear in the page's templates. A class a template makes from a
// value (`app-tag--{{ value }}`) keeps every rule of that prefix, and so do the
// reading aids' classes, which the phone's script puts on <html> at once
// (static/js/phone/reading.js). Print styles are left to the whole stylesheet.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import postcss from "postcss";
import { PurgeCSS } from "purgecss";

const PAGES = {
  participant: [
    "templates/base.html",
    "templates/live/participant.html",
    "templates/charters/_status.html",
    "templates/live/_symbols.html",
  ],
};

// `prefix-{{` in a template: a class (or id) finished by a value when the page is drawn.
export function madePrefixes(templates) {
  const prefixes = new Set();
  for (const text of templates) {
    for (const found of text.matchAll(/([A-Za-z][\w-]*-)\{\{/g)) {
      prefixes.add(found[1]);
    }
  }
  return [...prefixes].sort();
}

// The classes of the reading aids that the person chose on this phone.
const READING_SETTINGS = [/^app-text-/, /^app-contrast-/, /^app-easy-read$/];

const escapeForPattern = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const withoutPrint = {
  postcssPlugin: "without-print",
  AtRule: {
    media(rule) {
      if (rule.params.trim() === "print") {
        rule.remove();
      }
    },
  },
};

// Sass starts a stylesheet that has non-ASCII characters with a byte order mark: not wanted inline.
const css = readFileSync("static/build/app.css", "utf8").replace(/^\uFEFF/, "");
mkdirSync("static/build/critical", { recursive: true });
for (const [page, files] of Object.entries(PAGES)) {
  const templates = files.map((file) => readFileSync(file, "utf8"));
  const [purged] = await new PurgeCSS().purge({
    content: templates.map((raw) => ({ raw, extension: "html" })),
    css: [{ raw: css }],
    safelist: {
      standard: [
        ...madePrefixes(templates).map((prefix) => new RegExp(`^${escapeForPattern(prefix)}`)),
        ...READING_SETTINGS,
      ],
    },
  });
  const critical = (await postcss([withoutPrint]).process(purged.css, { from: undefined })).css;
  writeFileSync(`static/build/critical/${page}.css`, critical);
  console.log(`static/build/critical/${page}.css: ${critical.length.toLocaleString("en-GB")} bytes`);
}
