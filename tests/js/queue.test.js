// The phone's queue of operations (static/js/live/queue.js), without a browser:
// a fake socket that records what is sent, a clock moved by hand, and storage in a Map.
import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  ACK_TIMEOUT,
  FIRST_BACKOFF,
  MAX_BACKOFF,
  backoffDelay,
  createQueue,
  newOperationId,
} from "../../static/js/live/queue.js";

class FakeSocket {
  constructor() {
    this.connected = true;
    this.sent = []; // {operation, timeout, answer(error, reply)}
  }

  timeout(ms) {
    return {
      emit: (event, operation, callback) => {
        assert.equal(event, "operation");
        this.sent.push({ operation, timeout: ms, answer: callback });
      },
    };
  }

  // The operations sent so far, by kind and value, to compare at a glance.
  get sentValues() {
    return this.sent.map((send) => send.operation.value);
  }

  get last() {
    return this.sent[this.sent.length - 1];
  }
}

// setTimeout and clearTimeout on a clock that only moves when told to.
class FakeClock {
  constructor() {
    this.now = 0;
    this.timers = new Map();
    this.nextId = 1;
  }

  setTimeout(callback, delay) {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + delay, callback, delay });
    return id;
  }

  clearTimeout(id) {
    this.timers.delete(id);
  }

  // The delays of the timers waiting now.
  get waiting() {
    return [...this.timers.values()].map((timer) => timer.delay);
  }

  advance(ms) {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at);
      if (!due.length) {
        break;
      }
      const [id, timer] = due[0];
      this.timers.delete(id);
      this.now = timer.at;
      timer.callback();
    }
    this.now = until;
  }
}

class MemoryStorage {
  constructor() {
    this.items = new Map();
  }

  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }

  setItem(key, value) {
    this.items.set(key, String(value));
  }

  removeItem(key) {
    this.items.delete(key);
  }
}

const KEY = "charter-workshop:operations:K7HMQA";

function makeQueue(options = {}) {
  const socket = options.socket ?? new FakeSocket();
  const clock = options.clock ?? new FakeClock();
  const storage = options.storage ?? new MemoryStorage();
  const acknowledged = [];
  const refused = [];
  let ids = 0;
  const queue = createQueue({
    socket,
    storage,
    key: KEY,
    timers: clock,
    random: options.random ?? (() => 0.5),
    makeId: options.makeId ?? (() => `operation-${String(++ids).padStart(4, "0")}`),
    onAcknowledged: (operation, result) => acknowledged.push([operation, result]),
    onRefused: (operation, answer) => refused.push([operation, answer]),
  });
  return { queue, socket, clock, storage, acknowledged, refused };
}

const tag = (value, statement = 12) => ({ kind: "tag", board_id: 5, statement_id: statement, value });
const ok = (operation) => ({ ok: true, id: operation.id, result: { statement_id: operation.statement_id, value: operation.value } });

describe("the operation queue", () => {
  test("sends one operation at a time, oldest first, each after the answer to the one before", () => {
    const { queue, socket, acknowledged } = makeQueue();
    queue.add(tag("borrow", 1));
    queue.add(tag("adapt", 2));
    queue.add(tag("ignore", 3));
    assert.deepEqual(socket.sentValues, ["borrow"]);
    assert.equal(socket.last.timeout, ACK_TIMEOUT);

    socket.last.answer(null, ok(socket.last.operation));
    assert.deepEqual(socket.sentValues, ["borrow", "adapt"]);
    socket.last.answer(null, ok(socket.last.operation));
    socket.last.answer(null, ok(socket.last.operation));
    assert.deepEqual(socket.sentValues, ["borrow", "adapt", "ignore"]);
    assert.deepEqual(
      acknowledged.map(([operation, result]) => [operation.statement_id, result.value]),
      [
        [1, "borrow"],
        [2, "adapt"],
        [3, "ignore"],
      ],
    );
    assert.deepEqual(queue.pending(), []);
  });

  test("waits while offline and sends everything, in order, once connected", () => {
    const socket = new FakeSocket();
    socket.connected = false;
    const { queue } = makeQueue({ socket });
    queue.add(tag("borrow", 1));
    queue.add(tag("ignore", 2));
    assert.equal(socket.sent.length, 0);
    assert.equal(queue.pending().length, 2);

    socket.connected = true;
    queue.resume();
    assert.deepEqual(socket.sentValues, ["borrow"]);
    socket.last.answer(null, ok(socket.last.operation));
    assert.deepEqual(socket.sentValues, ["borrow", "ignore"]);
  });

  test("gives every operation its own id, and sends the same id again when it resends", () => {
    const { queue, socket, clock } = makeQueue({ makeId: () => newOperationId() });
    const first = queue.add(tag("borrow", 1));
    const second = queue.add(tag("borrow", 2));
    assert.notEqual(first.id, second.id);
    assert.match(first.id, /^[0-9a-f-]{32,36}$/);

    socket.last.answer(new Error("operation has timed out"));
    clock.advance(MAX_BACKOFF);
    assert.deepEqual(
      socket.sent.map((send) => send.operation.id),
      [first.id, first.id],
    );
  });

  test("makes ids where crypto.randomUUID is missing (pages over plain HTTP)", () => {
    const crypto = { getRandomValues: (bytes) => bytes.fill(171) };
    assert.equal(newOperationId(crypto), "ab".repeat(16));
    assert.equal(newOperationId({ randomUUID: () => "an-id-from-uuid" }), "an-id-from-uuid");
  });

  test("with no answer in time, sends the same operation again after a backoff, and nothing behind it first", () => {
    const { queue, socket, clock, acknowledged, refused } = makeQueue();
    const first = queue.add(tag("borrow", 1));
    queue.add(tag("ignore", 2));
    socket.last.answer(new Error("operation has timed out"));
    assert.equal(socket.sent.length, 1);
    assert.deepEqual(clock.waiting, [backoffDelay(1, () => 0.5)]);

    clock.advance(backoffDelay(1, () => 0.5) - 1);
    assert.equal(socket.sent.length, 1);
    clock.advance(1);
    assert.deepEqual(socket.sentValues, ["borrow", "borrow"]);
    assert.equal(socket.last.operation, first);

    socket.last.answer(null, ok(first));
    assert.deepEqual(socket.sentValues, ["borrow", "borrow", "ignore"]);
    assert.equal(acknowledged.length, 1);
    assert.equal(refused.length, 0);
  });

  test("waits longer after each failure in a row, and starts again from the first wait after a success", () => {
    const { queue, socket, clock } = makeQueue({ random: () => 1 });
    queue.add(tag("borrow", 1));
    const waits = [];
    for (let failure = 0; failure < 7; failure++) {
      socket.last.answer(new Error("operation has timed out"));
      waits.push(...clock.waiting);
      clock.advance(MAX_BACKOFF);
    }
    assert.deepEqual(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);

    socket.last.answer(null, ok(socket.last.operation));
    queue.add(tag("adapt", 2));
    socket.last.answer(new Error("operation has timed out"));
    assert.deepEqual(clock.waiting, [FIRST_BACKOFF]);
  });

  test("spreads each wait at random over the upper half of its ceiling", () => {
    for (const failures of [1, 2, 3, 5, 8, 20]) {
      const ceiling = Math.min(FIRST_BACKOFF * 2 ** (failures - 1), MAX_BACKOFF);
      assert.equal(backoffDelay(failures, () => 0), ceiling / 2);
      assert.equal(backoffDelay(failures, () => 0.999999), ceiling / 2 + (0.999999 * ceiling) / 2);
      for (let draw = 0; draw < 200; draw++) {
        const delay = backoffDelay(failures);
        assert.ok(delay >= ceiling / 2 && delay <= ceiling, `${delay} after ${failures} failures`);
      }
    }
    // Two phones that failed together wait different times.
    assert.notEqual(backoffDelay(3, () => 0.1), backoffDelay(3, () => 0.9));
  });

  test("keeps an operation answered too_fast and sends it again after a backoff", () => {
    const { queue, socket, clock, acknowledged, refused } = makeQueue();
    const operation = queue.add(tag("adapt", 1));
    socket.last.answer(null, { ok: false, id: operation.id, error: "too_fast", message: "Slow down a little." });
    assert.equal(refused.length, 0);
    assert.deepEqual(queue.pending(), [operation]);
    assert.equal(socket.sent.length, 1);

    clock.advance(backoffDelay(1, () => 0.5));
    assert.equal(socket.sent.length, 2);
    socket.last.answer(null, { ok: false, id: operation.id, error: "too_fast", message: "Slow down a little." });
    // The second too_fast in a row waits longer.
    assert.deepEqual(clock.waiting, [backoffDelay(2, () => 0.5)]);
    clock.advance(backoffDelay(2, () => 0.5));
    socket.last.answer(null, ok(operation));
    assert.deepEqual(queue.pending(), []);
    assert.equal(acknowledged.length, 1);
  });

  test("drops an operation answered invalid_operation, says why, and sends the next at once", () => {
    const { queue, socket, refused, storage } = makeQueue();
    const bad = queue.add({ kind: "tag", board_id: 2 ** 64, statement_id: 1, value: "borrow" });
    queue.add(tag("ignore", 2));
    const answer = { ok: false, id: bad.id, error: "invalid_operation", message: "That action is not valid." };
    socket.last.answer(null, answer);
    assert.deepEqual(refused, [[bad, answer]]);
    assert.deepEqual(
      queue.pending().map((operation) => operation.value),
      ["ignore"],
    );
    assert.deepEqual(socket.sentValues, ["borrow", "ignore"]);
    assert.equal(JSON.parse(storage.getItem(KEY)).length, 1);
  });

  test("drops the operation on its way when the refusal carries no id (the id it had was not one)", () => {
    const { queue, socket, refused } = makeQueue();
    const stored = queue.add(tag("borrow", 1));
    queue.add(tag("adapt", 2));
    const answer = { ok: false, id: null, error: "invalid_operation", message: "That action could not be read." };
    socket.last.answer(null, answer);
    assert.deepEqual(refused, [[stored, answer]]);
    assert.deepEqual(socket.sentValues, ["borrow", "adapt"]);
    assert.deepEqual(
      queue.pending().map((operation) => operation.value),
      ["adapt"],
    );
  });

  test("drops any other refusal too, and an answer that is not one, since sending again would not help", () => {
    const { queue, socket, refused } = makeQueue();
    queue.add(tag("borrow", 1));
    queue.add(tag("borrow", 2));
    socket.last.answer(null, { ok: false, error: "board_closed", message: "This charter is not open for review just now." });
    socket.last.answer(null, "nonsense");
    assert.deepEqual(
      refused.map(([, answer]) => answer.message),
      ["This charter is not open for review just now.", "The server could not take that change."],
    );
    assert.deepEqual(queue.pending(), []);
  });

  test("keeps what is waiting across a reload, with the same ids, and sends it in order", () => {
    const storage = new MemoryStorage();
    const offline = new FakeSocket();
    offline.connected = false;
    const before = makeQueue({ socket: offline, storage });
    const made = [before.queue.add(tag("borrow", 1)), before.queue.add(tag("ignore", 2))];

    // The page is loaded again: a new queue on the same storage.
    const after = makeQueue({ storage });
    assert.deepEqual(after.queue.pending(), made);
    after.queue.resume();
    assert.deepEqual(
      after.socket.sent.map((send) => send.operation.id),
      [made[0].id],
    );
    after.socket.last.answer(null, ok(made[0]));
    after.socket.last.answer(null, ok(made[1]));
    assert.equal(storage.getItem(KEY), null);
  });

  test("ignores the late answer to a send made before the connection dropped, and sends again", () => {
    const { queue, socket, acknowledged } = makeQueue();
    const operation = queue.add(tag("borrow", 1));
    const early = socket.last;
    socket.connected = false;
    queue.pause();
    early.answer(new Error("operation has timed out"));
    socket.connected = true;
    queue.resume();
    assert.equal(socket.sent.length, 2);
    early.answer(null, ok(operation));
    assert.equal(acknowledged.length, 0);
    socket.last.answer(null, ok(operation));
    assert.equal(acknowledged.length, 1);
  });

  test("replaces an operation still waiting with a newer one for the same thing, in its place", () => {
    const socket = new FakeSocket();
    const { queue } = makeQueue({ socket });
    const sameStatement = (operation) => operation.kind === "reword" && operation.statement_id === 7;
    const first = queue.add({ kind: "reword", board_id: 5, statement_id: 7, text: "We will" });
    // The first is on its way: it is not replaced, the newer one waits behind it.
    const second = queue.add({ kind: "reword", board_id: 5, statement_id: 7, text: "We will listen" }, { replaces: sameStatement });
    queue.add(tag("borrow", 8));
    const third = queue.add({ kind: "reword", board_id: 5, statement_id: 7, text: "We will listen first" }, { replaces: sameStatement });
    assert.deepEqual(
      queue.pending().map((operation) => operation.text ?? operation.value),
      ["We will", "We will listen first", "borrow"],
    );
    // A new id: an id the server may already have applied must not carry other words.
    assert.notEqual(third.id, second.id);
    assert.equal(queue.pending()[0], first);
  });

  test("still works, in memory, where storage refuses to be used", () => {
    const storage = {
      getItem() {
        throw new Error("SecurityError");
      },
      setItem() {
        throw new Error("QuotaExceededError");
      },
      removeItem() {
        throw new Error("SecurityError");
      },
    };
    const { queue, socket } = makeQueue({ storage });
    queue.add(tag("borrow", 1));
    assert.equal(queue.pending().length, 1);
    socket.last.answer(null, ok(socket.last.operation));
    assert.deepEqual(queue.pending(), []);
  });

  test("forgets everything when cleared (the participant was removed)", () => {
    const { queue, socket, clock, storage } = makeQueue();
    queue.add(tag("borrow", 1));
    queue.add(tag("borrow", 2));
    socket.last.answer(new Error("operation has timed out"));
    queue.clear();
    clock.advance(MAX_BACKOFF);
    assert.equal(socket.sent.length, 1);
    assert.deepEqual(queue.pending(), []);
    assert.equal(storage.getItem(KEY), null);
  });
});
