// The charter import form: while the server reads the file (in a worker, up to its time
// limit), say so after a second, and how long it has been, rather than a page that seems stuck.
// The form is still a plain post: without this script it works the same, only silently.

const form = document.querySelector("[data-import-form]");
const progress = document.querySelector("[data-import-progress]");
const SHOWN_AFTER_MS = 1000;
const UPDATED_EVERY_MS = 5000;

if (form && progress) {
  const file = form.querySelector("input[type=file]");
  const button = form.querySelector("button[type=submit]");
  const timers = [];
  form.addEventListener("submit", () => {
    const started = Date.now();
    timers.push(setTimeout(() => {
      progress.textContent = file && file.files.length ? progress.dataset.file : progress.dataset.text;
      progress.hidden = false;
      // A second press would only read the same file again.
      button.disabled = true;
      button.setAttribute("aria-disabled", "true");
      timers.push(
        setInterval(() => {
          const seconds = Math.round((Date.now() - started) / 1000);
          progress.textContent = progress.dataset.still.replace("{seconds}", String(seconds));
        }, UPDATED_EVERY_MS),
      );
    }, SHOWN_AFTER_MS));
  });
  // Back to this page from the next one (the browser may keep it as it was): ready to send again.
  window.addEventListener("pageshow", () => {
    timers.splice(0).forEach((timer) => clearTimeout(timer));
    progress.hidden = true;
    button.disabled = false;
    button.removeAttribute("aria-disabled");
  });
}
