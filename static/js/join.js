// Joining on a venue's Wi-Fi that drops (docs/performance.md, "Offline").
//
// - The service worker is registered here, so that the workshop's page is looked after from
//   its very first load, and its files are fetched while the person types (phone/offline.js).
// - A form sent while the network is down is not lost to the browser's error page: it is sent
//   from here and tried again, after 2, 4, 8 then every 15 seconds, and at once when the phone
//   says it is back online; the page says so meanwhile. The code page's form changes nothing
//   and is simply sent again; the join form answers a join with a redirect to the workshop's
//   page, which is then opened. Any other answer (a refusal) is shown by sending the form as a
//   plain form, which the server answers with the page that says why.

const RETRY_DELAYS = [2_000, 4_000, 8_000, 15_000]; // ms, the last one repeated
const form = document.querySelector("[data-join-form]");
const line = document.querySelector("[data-join-network]");

if ("serviceWorker" in navigator && form?.dataset.serviceWorker) {
  navigator.serviceWorker.register(form.dataset.serviceWorker).catch(() => {
    // No worker (a private window, or storage refused): the pages work as before.
  });
}

function sendPlainly() {
  HTMLFormElement.prototype.submit.call(form);
}

let failures = 0;
let retryTimer = null;

async function send() {
  window.clearTimeout(retryTimer);
  retryTimer = null;
  try {
    const answer = await fetch(form.action || window.location.href, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
    });
    if (answer.type === "opaqueredirect" && form.dataset.next) {
      window.location.assign(form.dataset.next);
    } else {
      sendPlainly();
    }
  } catch {
    const delay = RETRY_DELAYS[Math.min(failures, RETRY_DELAYS.length - 1)];
    failures += 1;
    line.textContent = `Your phone could not reach the workshop. Check that it is connected to the Wi-Fi or to mobile data. Trying again in ${delay / 1000} seconds.`;
    line.hidden = false;
    retryTimer = window.setTimeout(send, delay);
  }
}

if (form && line) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!form.dataset.next && navigator.onLine !== false) {
      sendPlainly();
      return;
    }
    failures = 0;
    send();
  });
  window.addEventListener("online", () => {
    if (retryTimer !== null) {
      send();
    }
  });
}
