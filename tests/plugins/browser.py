"""pytest plugin: headless Chromium (Debian's ``chromium`` + ``chromium-driver``) driven by Selenium.

Session fixture ``browser``: a Chrome WebDriver with the network blocked (a dead proxy and a host
resolver that resolves nothing), console and network logging on. When Chromium or chromedriver is
missing the test is skipped, or fails when the environment variable ``CI`` is ``true``
(``scripts/ensure-chromium`` installs them). Helpers: ``console_errors``, ``requests_made``,
``wait_ready``, ``drain_logs``; marker ``browser`` on every test that uses the fixture. Fixture
``xss_seeds``: a valid seed folder full of script-injection payloads.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CJGRAPH_CHROMIUM", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CJGRAPH_CHROMEDRIVER", "/usr/bin/chromedriver"))
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--disable-extensions", "--disable-default-apps", "--mute-audio", "--window-size=1400,1000",
    # No network: every request to a host goes to a dead proxy, and no name resolves.
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    "--host-resolver-rules=MAP * ~NOTFOUND",
)
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "browser: needs headless Chromium (the `browser` fixture)")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def _missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (path.is_file() and os.access(path, os.X_OK)):
            return f"{path} not found (run scripts/ensure-chromium)"
    return None


def make_driver():
    """A new headless Chromium WebDriver with the network blocked and logs on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(executable_path=str(CHROMEDRIVER), log_output=os.devnull)
    return webdriver.Chrome(options=options, service=service)


@pytest.fixture(scope="session")
def browser():
    """A shared headless Chromium with no network; skipped (or failed under CI=true) when missing."""
    problem = _missing()
    if problem:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"browser tests must run under CI: {problem}")
        pytest.skip(problem)
    driver = make_driver()
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def drain_logs(driver) -> None:
    """Forget console and network log entries gathered so far."""
    driver.get_log("browser")
    driver.get_log("performance")


def console_errors(driver) -> list[str]:
    """Console messages of level SEVERE since the last drain (JS errors, CSP violations, failed loads)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def requests_made(driver) -> list[str]:
    """URLs of every network request the page started since the last drain (DevTools performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def external(urls: list[str]) -> list[str]:
    """The URLs that would leave the machine's files (anything but file:, data:, about:, blob:)."""
    return [u for u in urls if not u.startswith(LOCAL_SCHEMES)]


def wait_ready(driver, element, timeout: float = 120) -> None:
    """Wait until a view's root element reports ``data-state="ready"`` (stable and drawn)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda _d: element.get_attribute("data-state") == "ready")


# --- a seed folder whose text is hostile, for the escaping tests ------------------------------------

XSS_PAYLOADS = {
    "script": "<script>window.__xss=1</script>",
    "img": '<img src=x onerror="window.__xss=2">',
    "javascript": "javascript:window.__xss=3",
    "breakout": "</script><script>window.__xss=4</script>",
    "attribute": '" onmouseover="window.__xss=5" x="',
    "svg": "<svg onload=window.__xss=6>",
    "source": "<b>Source</b><script>window.__xss=7</script>",
}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=True)


@pytest.fixture()
def xss_seeds(tmp_path) -> Path:
    """A valid seed folder with script-injection payloads in names, aliases, quotes and a source title."""
    p = XSS_PAYLOADS
    quotes = {
        "org": f"The {p['script']} Trust runs services.",
        "act": f"the {p['img']} Act 2001",
        "review": f"This review {p['breakout']} and {p['svg']} was published.",
        "person": f"Jane {p['attribute']} Doe chairs it.",
        "cites": f"This review cites the {p['img']} Act 2001 at length.",
        "published": f"published by The {p['script']} Trust",
        "led": f"led by Jane {p['attribute']} Doe",
        "url": "see javascript:window.__xss=3 in the margin",
    }
    folder = tmp_path / "xss"
    (folder / "sources").mkdir(parents=True)
    (folder / "sources" / "doc.txt").write_text("\n".join(quotes.values()) + "\n", encoding="utf-8")
    (folder / "sources" / "sources.yaml").write_text(
        f"sources:\n  - id: doc\n    title: {_q(p['source'])}\n    publisher: {_q(p['img'])}\n"
        "    kind: report\n    date: 2001\n    file: doc.txt\n", encoding="utf-8")
    seeds = f"""\
document: doc
entities:
  - id: hostile-trust
    kind: Organisation
    name: {_q(p['script'])}
    aliases: [{_q(p['javascript'])}, {_q(p['attribute'])}]
    evidence: [{_q(quotes['org'])}]
  - id: hostile-act
    kind: Act
    name: {_q(p['img'])}
    date: 2001
    evidence: [{_q(quotes['act'])}, {_q(quotes['url'])}]
  - id: jane-doe
    kind: Person
    name: {_q("Jane " + p['attribute'] + " Doe")}
    evidence: [{_q(quotes['person'])}]
  - id: hostile-review
    kind: Review
    name: {_q(p['breakout'])}
    aliases: [{_q(p['svg'])}]
    evidence: [{_q(quotes['review'])}]
    links:
      - cites: hostile-act
        evidence: [{_q(quotes['cites'])}]
      - published_by: hostile-trust
        evidence: [{_q(quotes['published'])}]
      - led_by: jane-doe
        evidence: [{_q(quotes['led'])}]
"""
    (folder / "data.yaml").write_text(seeds, encoding="utf-8")
    return folder
