// Copy the browser scripts the pages load from node_modules into static/vendor/.
import { copyFileSync, mkdirSync } from "node:fs";

const files = [
  "node_modules/socket.io-client/dist/socket.io.min.js",
  "node_modules/axe-core/axe.min.js",
];

mkdirSync("static/vendor", { recursive: true });
for (const file of files) {
  const target = `static/vendor/${file.split("/").pop()}`;
  copyFileSync(file, target);
  console.log(`Copied ${file} to ${target}`);
}
