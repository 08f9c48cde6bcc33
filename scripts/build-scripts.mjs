// Bundle each page's script (static/js/*.js, with the modules it imports and the
// Socket.IO client from node_modules) into one ES module in static/build/js/.
//
// One file a page, because on a slow phone network every request waits its turn:
// browsers open at most six connections to a server over HTTP/1.1, and a dozen
// small modules took two more round trips (4 s on slow 3G) than one file.
import { readdirSync } from "node:fs";
import { build } from "esbuild";

const entryPoints = readdirSync("static/js")
  .filter((name) => name.endsWith(".js"))
  .map((name) => `static/js/${name}`);

await build({
  entryPoints,
  outdir: "static/build/js",
  bundle: true,
  format: "esm",
  minify: true,
  sourcemap: true,
  // The year browsers took ES modules: newer syntax (?., ??, object spread) is rewritten for old phones.
  target: "es2017",
  logLevel: "info",
});
