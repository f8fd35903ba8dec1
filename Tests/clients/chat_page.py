#!/usr/bin/env python3
"""Drives the gateway's chat page in headless Chromium (Debian's chromium and chromium-driver) for ChatPageTests.

Usage: chat_page.py SCENARIO, with a JSON object on the first line of standard input:
    {"url": "http://127.0.0.1:PORT", "tokens": {"alice": ..., "bob": ..., "carol": ..., "mod": ...},
     "screenshot": "docs/page.png" or null, "timeout": 60}
and what a scenario needs besides ("last": the text of the last message, for "long").

It prints JSON lines: {"event": NAME, ...} where the test must act (the restart scenario waits for a
{"done": NAME} line on standard input after each), then {"result": {...}} with what the pages showed, which
the Swift test checks. Every wait is bounded: a wait that runs out reports what the pages showed instead, so
that the test's expectations say what went wrong.
"""

import json
import os
import sys
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

# What one page shows: every message's number, id, author, text and fate, as the DOM has them.
READ_PAGE = """
const text = (node) => node ? node.textContent : null;
return {
  connection: document.getElementById('connection').dataset.state,
  status: document.getElementById('connection').textContent,
  join: document.getElementById('join').hidden ? null : document.getElementById('join-note').textContent,
  notice: document.getElementById('notice').textContent,
  sendable: !document.getElementById('message').disabled,
  focused: document.activeElement ? document.activeElement.id : null,
  pwned: typeof window.pwned === 'undefined' ? null : String(window.pwned),
  markup: document.querySelectorAll('#messages b, #messages script, #messages img').length,
  messages: Array.from(document.querySelectorAll('#messages > li')).map((item) => ({
    id: item.dataset.id ? Number(item.dataset.id) : null,
    seq: item.dataset.seq ? Number(item.dataset.seq) : null,
    user: text(item.querySelector('.user')),
    text: text(item.querySelector('.text')),
    children: item.querySelector('.text').children.length,
    own: item.classList.contains('own'),
    fate: item.dataset.fate || null,
    label: text(item.querySelector('.fate')),
    note: text(item.querySelector('.fate-note')),
  })),
};
"""


# What one page's call panel and people list show, and what its videos play (a fake camera's frames, in a call).
READ_CALL = """
const panel = document.getElementById('call');
const video = (id) => {
  const node = document.getElementById(id);
  return {width: node.videoWidth, height: node.videoHeight, muted: node.muted, playsinline: node.playsInline,
          autoplay: node.autoplay, playing: !node.paused && node.readyState >= 2, paused: node.paused, ready: node.readyState,
          tracks: node.srcObject ? node.srcObject.getTracks().map((t) => `${t.kind}:${t.readyState}`) : null};
};
return {
  state: panel.dataset.callState,
  reason: panel.dataset.callReason ?? null,
  hidden: panel.hidden,
  status: document.getElementById('call-status').textContent,
  status_role: document.getElementById('call-status').getAttribute('role'),
  buttons: Array.from(panel.querySelectorAll('button')).filter((b) => !b.hidden).map((b) => b.textContent),
  people: Array.from(document.querySelectorAll('#people-list > li')).map((item) => ({
    user: item.dataset.user,
    buttons: Array.from(item.querySelectorAll('button')).map((b) => ({
      kind: b.dataset.call, text: b.textContent, label: b.getAttribute('aria-label'), disabled: b.disabled})),
  })),
  local: video('local-video'),
  remote: video('remote-video'),
  connection: document.getElementById('connection').dataset.state,
  notice: document.getElementById('notice').textContent,
};
"""

# A fake camera and microphone granted without asking, and host candidates as addresses rather than mDNS names,
# which the machine may not resolve.
MEDIA_ARGUMENTS = ("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                   "--disable-features=WebRtcHideLocalIpsWithMdns", "--autoplay-policy=no-user-gesture-required")


class Page:
    """One browser with the chat page open as one user."""

    def __init__(self, setup, user, room, window=(900, 700), token=None, media=False):
        """Opens the page with `room` and the token in the fragment; with room None, bare, to use the form.
        With `media`, the browser has a fake camera and microphone, for calls."""
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                         "--no-first-run", "--disable-extensions", "--force-color-profile=srgb",
                         "--hide-scrollbars", f"--window-size={window[0]},{window[1]}", "--lang=en-GB",
                         *(MEDIA_ARGUMENTS if media else ())):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = start_browser(options)
        self.timeout = setup.get("timeout", 60)
        self.user = user
        fragment = f"#room={room}&token={setup['tokens'][token or user]}" if room else ""
        self.driver.get(f"{setup['url']}/{fragment}")

    def read(self):
        return self.driver.execute_script(READ_PAGE)

    def wait(self, condition, what, read=None):
        """Waits until condition(state) holds, the state as `read` gives it (the page's messages unless told);
        False, after recording what was missed, if it never does."""
        read = read or self.read
        try:
            WebDriverWait(self.driver, self.timeout, poll_frequency=0.1).until(lambda _: condition(read()))
            return True
        except TimeoutException:
            emit({"event": "timeout", "page": self.user, "waiting_for": what, "state": read()})
            return False

    def wait_live(self):
        return self.wait(lambda state: state["connection"] == "live", "connected")

    def wait_text(self, text, fate=None):
        def shown(state):
            return any(m["text"] == text and (fate is None or m["fate"] == fate) for m in state["messages"])
        return self.wait(shown, f"{text!r} shown" + (f" as {fate}" if fate else ""))

    def type(self, *keys):
        """Types into the message box, as a person would; Keys.ENTER sends."""
        self.driver.find_element(By.ID, "message").send_keys(*keys)

    def say(self, text, fate=None):
        self.type(text, Keys.ENTER)
        return self.wait_text(text, fate)

    def read_call(self):
        return self.driver.execute_script(READ_CALL)

    def wait_call(self, condition, what):
        """Waits until condition(call panel) holds."""
        return self.wait(condition, what, self.read_call)

    def wait_call_state(self, state):
        return self.wait_call(lambda call: call["state"] == state, f"the call {state}")

    def click(self, selector):
        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def call(self, user, kind="video"):
        """Clicks the call button of `user` in the people list, once it is there."""
        self.wait_call(lambda call: any(p["user"] == user for p in call["people"]), f"{user} among the people")
        self.click(f'#people-list > li[data-user="{user}"] button[data-call="{kind}"]')

    def console(self):
        """What the page wrote to the console since the last call, warnings and errors (a CSP violation is one)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] in ("WARNING", "SEVERE")]

    def close(self):
        self.driver.quit()


def start_browser(options, attempts=3):
    """Chromium through chromedriver, its log on standard error; tried again when the driver does not come up
    (on a loaded machine it can lose the port selenium picked for it to another program)."""
    for attempt in range(1, attempts + 1):
        try:
            return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER, log_output=sys.stderr), options=options)
        except WebDriverException as error:
            print(f"chromedriver did not start (attempt {attempt} of {attempts}): {error}", file=sys.stderr, flush=True)
            if attempt == attempts:
                raise


def emit(line):
    print(json.dumps(line), flush=True)


def wait_for_test(event, **details):
    """Tells the test to act, and waits for its {"done": event}."""
    emit({"event": event, **details})
    answer = json.loads(sys.stdin.readline() or "{}")
    if answer.get("done") != event:
        raise RuntimeError(f"expected the test to answer {event!r}, got {answer!r}")
    return answer


def post(base_url, token, path, body):
    request = urllib.request.Request(
        base_url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return json.loads(error.read() or b"{}")


def message(state, text):
    return next((m for m in state["messages"] if m["text"] == text), None)


def exchange(setup, pages):
    """Two pages in one room: each sends with Enter, and both show both messages in one order."""
    alice = pages.open("alice", "lobby")
    bob = pages.open("bob", "lobby")
    alice.wait_live() and bob.wait_live()
    focused = alice.read()["focused"]
    # Every field has a label, every button a name, and the message list is a live log.
    labelled = alice.driver.execute_script("""
      const log = document.getElementById('log');
      return Array.from(document.querySelectorAll('input, textarea')).every((field) => field.labels.length > 0)
        && Array.from(document.querySelectorAll('button')).every((button) => button.textContent.trim() !== '')
        && log.getAttribute('role') === 'log' && log.getAttribute('aria-live') === 'polite'
        && document.getElementById('connection').getAttribute('role') === 'status';""")
    alice.say("Hello from alice")
    bob.wait_text("Hello from alice")
    bob.say("Hi alice, welcome")
    alice.wait_text("Hi alice, welcome")
    alice.type("two", Keys.SHIFT, Keys.ENTER, Keys.SHIFT, "lines", Keys.ENTER)
    bob.wait_text("two\nlines")
    alice.wait_text("two\nlines")
    return {"focused": focused, "labelled": labelled, "alice": alice.read(), "bob": bob.read()}


def held(setup, pages):
    """Held messages show as held to their sender only, then as approved or rejected once a moderator decides."""
    alice = pages.open("alice", "review")
    bob = pages.open("bob", "review")
    alice.wait_live() and bob.wait_live()
    alice.say("holdme, is this fine?", fate="held")
    alice.say("holdme again, to be rejected", fate="held")
    alice.say("A plain message after them")
    bob.wait_text("A plain message after them")
    before = {"alice": alice.read(), "bob": bob.read()}
    approve = message(before["alice"], "holdme, is this fine?")
    reject = message(before["alice"], "holdme again, to be rejected")
    mod = setup["tokens"]["mod"]
    decisions = {}
    if approve and reject:
        decisions["approve"] = post(setup["url"], mod, f"/v1/admin/queue/{approve['id']}/approve", {})
        decisions["reject"] = post(setup["url"], mod, f"/v1/admin/queue/{reject['id']}/reject", {"reason": "Off topic here."})
        alice.wait_text("holdme, is this fine?", fate="approved")
        alice.wait_text("holdme again, to be rejected", fate="rejected")
        bob.wait_text("holdme, is this fine?")
    after = {"alice": alice.read(), "bob": bob.read()}
    plain = message(before["bob"], "A plain message after them")
    removal = post(setup["url"], mod, f"/v1/admin/messages/{plain['id']}/remove", {"reason": "Test removal."}) if plain else {}
    for page in (alice, bob):
        page.wait(lambda state: any(m["fate"] == "removed" for m in state["messages"]), "the removed message")
    removed = {"alice": alice.read(), "bob": bob.read()}
    return {"before": before, "decisions": decisions, "after": after, "removal": removal, "removed": removed}


HOSTILE = '<b>bold?</b> <script>window.pwned = 1</script> <img src=x onerror="window.pwned = 2"> &amp; done'


def fates(setup, pages):
    """Every fate a sender can meet, and a hostile text, on two pages; the screenshot, when asked for, of the sender's."""
    alice = pages.open("alice", "fates", window=(900, 860))
    bob = pages.open("bob", "fates")
    alice.wait_live() and bob.wait_live()
    bob.say("Hi alice! How was the trip?")
    alice.wait_text("Hi alice! How was the trip?")
    alice.say("Great, thanks. Photos tonight.")
    alice.say(HOSTILE)
    alice.say("holdme: may I post my phone number here?", fate="held")
    alice.type("My card is 4111 1111 1111 1111, pay me back", Keys.ENTER)
    alice.wait(lambda state: any(m["fate"] == "redacted" for m in state["messages"]), "a redacted message")
    alice.say("rejectme, just to see", fate="rejected")
    alice.say("One more thing…", fate="rejected")
    bob.wait(lambda state: any("card is" in (m["text"] or "") for m in state["messages"]), "the redacted message")
    bob.wait_text(HOSTILE)
    screenshot = setup.get("screenshot")
    if screenshot:
        alice.driver.set_window_size(900, 1000)
        alice.driver.execute_script("document.getElementById('message').blur()")
        alice.driver.save_screenshot(screenshot)
    return {"alice": alice.read(), "bob": bob.read()}


def restart(setup, pages):
    """The gateway stops while the page is open; messages arrive meanwhile; once it is back, the page fills the gap."""
    alice = pages.open("alice", "restart")
    alice.wait_live()
    alice.say("Before the restart")
    alice.wait(lambda state: (message(state, "Before the restart") or {}).get("seq") is not None, "a number for the first message")
    wait_for_test("stop")
    alice.wait(lambda state: state["connection"] != "live", "the page noticing the stop")
    alice.say("Typed while the gateway was away", fate="sending")
    answer = wait_for_test("post")
    # Through another gateway on the same database: the page cannot reach it, so these are a gap to fill.
    acks = [post(answer["url"], setup["tokens"]["carol"], "/v1/rooms/restart/messages", {"text": f"Meanwhile {n}", "cid": f"m{n}"})
            for n in (1, 2, 3)]
    wait_for_test("restart")
    alice.wait_live()
    alice.wait(lambda state: all(message(state, text) and message(state, text)["seq"] for text in
                                 ("Meanwhile 3", "Typed while the gateway was away")), "the gap filled and the typed message sent")
    live = post(setup["url"], setup["tokens"]["carol"], "/v1/rooms/restart/messages", {"text": "After the restart", "cid": "after"})
    alice.wait_text("After the restart")
    return {"acks": acks, "live": live, "alice": alice.read()}


def sanctions(setup, pages):
    """An expired token brings the form back, and a new one typed in carries on; a ban stops the page."""
    alice = pages.open("alice", "sanctions", token="alice-expiring")
    bob = pages.open("bob", None)
    bob.wait(lambda state: state["join"] is not None, "the form")
    bob.driver.find_element(By.ID, "join-room").send_keys("sanctions", Keys.TAB)
    bob.driver.switch_to.active_element.send_keys(setup["tokens"]["bob"], Keys.ENTER)
    bob.wait_live()
    fragment = bob.driver.execute_script("return location.hash")
    alice.wait(lambda state: state["join"] is not None and "expired" in state["join"], "the form asking for a new token")
    expired = alice.read()
    alice.driver.find_element(By.ID, "join-token").send_keys(setup["tokens"]["alice"], Keys.ENTER)
    alice.wait_live()
    alice.say("Back with a new token")
    bob.wait_text("Back with a new token")
    ban = post(setup["url"], setup["tokens"]["mod"], "/v1/admin/users/bob/ban", {"reason": "Test ban."})
    bob.wait(lambda state: state["connection"] == "stopped", "the page stopping at the ban")
    return {"expired": expired, "fragment": fragment, "ban": ban, "alice": alice.read(), "bob": bob.read()}


def long(setup, pages):
    """A room with a long history opens at its end, without reading the whole history."""
    alice = pages.open("alice", "long")
    alice.wait_live()
    alice.wait_text(setup["last"])
    requests = alice.driver.execute_script(
        "return performance.getEntriesByType('resource').filter((e) => e.name.includes('/messages?')).map((e) => e.name)")
    return {"alice": alice.read(), "history_requests": requests}


def call(setup, pages):
    """Two browsers with fake cameras: alice calls bob and hangs up, then calls again and bob declines; a call to
    someone with no page open is refused in the gateway's words; bob calls alice without video, and a ban of bob
    ends that call on alice's page."""
    alice = pages.open("alice", "calls", media=True)
    bob = pages.open("bob", "calls", media=True)
    alice.wait_live() and bob.wait_live()
    alice.say("Hi bob, shall we talk?")
    bob.wait_text("Hi bob, shall we talk?")
    bob.say("Sure, call me")
    alice.wait_text("Sure, call me")
    before = {"alice": alice.read_call(), "bob": bob.read_call()}

    alice.call("bob")
    alice.wait_call(lambda call: call["state"] == "calling", "the call placed")
    calling = alice.read_call()
    bob.wait_call_state("ringing")
    ringing = bob.read_call()
    bob.click("#call-answer")
    alice.wait_call_state("connected") and bob.wait_call_state("connected")
    for page in (alice, bob):
        page.wait_call(lambda call: call["remote"]["width"] > 0 and call["remote"]["playing"], "the other camera playing")
    connected = {"alice": alice.read_call(), "bob": bob.read_call()}
    alice.click("#call-hangup")
    bob.wait_call_state("ended")
    alice.wait_call_state("ended")
    hung_up = {"alice": alice.read_call(), "bob": bob.read_call()}

    alice.call("bob")
    bob.wait_call_state("ringing")
    bob.click("#call-decline")
    alice.wait_call(lambda call: call["state"] == "ended" and call["reason"] == "rejected", "the call declined")
    declined = {"alice": alice.read_call(), "bob": bob.read_call()}

    # carol writes over HTTP, so that alice can call her, but has no page open to ring.
    post(setup["url"], setup["tokens"]["carol"], "/v1/rooms/calls/messages", {"text": "I am only reading", "cid": "carol"})
    alice.call("carol")
    alice.wait_call(lambda call: call["state"] == "ended" and call["reason"] is not None, "the call to carol refused")
    refused = alice.read_call()

    bob.call("alice", kind="audio")
    alice.wait_call_state("ringing")
    audio_ringing = alice.read_call()
    alice.click("#call-answer")
    alice.wait_call_state("connected") and bob.wait_call_state("connected")
    for page in (alice, bob):
        page.wait_call(lambda call: call["remote"]["playing"], "the other microphone playing")
    audio = {"alice": alice.read_call(), "bob": bob.read_call()}
    ban = post(setup["url"], setup["tokens"]["mod"], "/v1/admin/users/bob/ban", {"reason": "Test ban during a call."})
    alice.wait_call(lambda call: call["state"] == "ended", "the call ended by the ban")
    bob.wait(lambda state: state["connection"] == "stopped", "the page stopping at the ban")
    banned = {"alice": alice.read_call(), "bob": bob.read_call()}
    return {"before": before, "calling": calling, "ringing": ringing, "connected": connected, "hung_up": hung_up,
            "declined": declined, "refused": refused, "audio_ringing": audio_ringing, "audio": audio, "ban": ban,
            "banned": banned, "console": {"alice": alice.console(), "bob": bob.console()}}


class Pages:
    def __init__(self, setup):
        self.setup = setup
        self.open_pages = []

    def open(self, user, room, window=(900, 700), token=None, media=False):
        page = Page(self.setup, user, room, window, token, media)
        self.open_pages.append(page)
        return page

    def close(self):
        for page in self.open_pages:
            try:
                page.close()
            except Exception:  # a browser that died is gone anyway
                pass


SCENARIOS = {"exchange": exchange, "held": held, "fates": fates, "restart": restart, "sanctions": sanctions, "long": long,
             "call": call}


def main():
    # A process group of its own, which chromedriver and Chromium join: the test stops them all with it.
    os.setpgrp()
    scenario = SCENARIOS[sys.argv[1]]
    setup = json.loads(sys.stdin.readline())
    pages = Pages(setup)
    try:
        emit({"result": scenario(setup, pages)})
    except Exception as error:
        emit({"error": f"{type(error).__name__}: {error}", "trace": traceback.format_exc()})
        sys.exit(1)
    finally:
        pages.close()


if __name__ == "__main__":
    main()
