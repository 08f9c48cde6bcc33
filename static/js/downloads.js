// The downloads (the Word draft, the spreadsheets, the workshop's file, the paper tag sheets): made
// on the server in a worker, up to its time limit. Asked for here, the page says after a second that
// the document is being prepared, and how long it has been, and shows the server's own words if it is
// refused, rather than a page that seems stuck or a browser's bare download error. Each section of
// the page with downloads says so in its own place, next to what was asked for. The links and forms
// still work without this script, only silently.

const PROGRESS = "[data-download-progress]";
const PROBLEM = "[data-download-problem]";
const SHOWN_AFTER_MS = 1000;
const UPDATED_EVERY_MS = 5000;

// The name the server gave the file, from Content-Disposition: attachment; filename="...".
function fileName(response) {
  const found = /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") || "");
  return found ? found[1] : "download";
}

function save(blob, name) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Once the browser has started the download, the copy in memory can go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// Where the page says how this download goes: in the link's or form's own section.
function messagesFor(element) {
  const place = element.closest("section") || document;
  const progress = place.querySelector(PROGRESS) || document.querySelector(PROGRESS);
  const problem = place.querySelector(PROBLEM) || document.querySelector(PROBLEM);
  return progress && problem ? { progress, problem } : null;
}

async function refusal(response, problem) {
  try {
    const answer = await response.json();
    if (answer && typeof answer.message === "string") {
      return answer.message;
    }
  } catch {
    // Not the API's JSON refusal: the page's own words below.
  }
  return problem.dataset.failed;
}

let busy = false;

async function download(url, { progress, problem }) {
  if (busy) {
    return; // one at a time: a second press would only prepare the same file again
  }
  busy = true;
  problem.hidden = true;
  const started = Date.now();
  const timers = [
    setTimeout(() => {
      progress.textContent = progress.dataset.preparing;
      progress.hidden = false;
      timers.push(
        setInterval(() => {
          const seconds = Math.round((Date.now() - started) / 1000);
          progress.textContent = progress.dataset.still.replace("{seconds}", String(seconds));
        }, UPDATED_EVERY_MS),
      );
    }, SHOWN_AFTER_MS),
  ];
  try {
    const response = await fetch(url, { credentials: "same-origin" });
    if (response.ok) {
      save(await response.blob(), fileName(response));
    } else {
      problem.textContent = await refusal(response, problem);
      problem.hidden = false;
    }
  } catch {
    problem.textContent = problem.dataset.failed;
    problem.hidden = false;
  } finally {
    timers.forEach((timer) => clearTimeout(timer));
    progress.hidden = true;
    busy = false;
  }
}

for (const link of document.querySelectorAll("a[data-download]")) {
  const messages = messagesFor(link);
  if (messages) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      download(link.href, messages);
    });
  }
}
for (const form of document.querySelectorAll("form[data-download]")) {
  const messages = messagesFor(form);
  if (messages) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const query = new URLSearchParams(new FormData(form));
      download(`${form.action}?${query}`, messages);
    });
  }
}
