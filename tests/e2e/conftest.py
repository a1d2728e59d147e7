"""Browser fixtures: Debian's Chromium driven by Playwright, axe-core for accessibility.

Every page a test opens is watched for Content Security Policy violations: one fails the test.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "test-output" / "screenshots"

# Runs before any script of every document (Playwright injects it outside the page's policy) and
# hands each violation to the test process at once, so none is lost when the page navigates away.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolationsSeen = (window.cspViolationsSeen || 0) + 1;
  window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI || "inline"} on ${event.documentURI}` +
    ` (${event.sourceFile || "?"}:${event.lineNumber}) ${event.sample}`
  );
});
"""


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def csp_violations():
    """What Chromium refused under the Content Security Policy, on any page the test visited."""
    return []


@pytest.fixture
def page(browser, live_server, csp_violations):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.expose_function("reportCspViolation", lambda violation: csp_violations.append(violation))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    # Chromium also logs each refusal to the console; that catches what happens before the
    # listener exists (a refused <meta> or a violation in a frame).
    context.on("console", lambda message: record_csp_console_message(message, csp_violations))
    page = context.new_page()
    yield page
    for open_page in context.pages:
        open_page.evaluate("0")  # let reports still in flight arrive
    context.close()
    if csp_violations:
        pytest.fail("Content Security Policy violations:\n" + "\n".join(csp_violations), pytrace=False)


def record_csp_console_message(message, violations: list) -> None:
    if "Content Security Policy" in message.text:
        violations.append(f"console: {message.text} ({message.page.url if message.page else '?'})")


@pytest.fixture(scope="session")
def axe():
    return Axe()


# axe-core's "needs review" (incomplete) results that may stay unresolved on a correct page, so
# strict=True does not fail on them. Every other rule's "needs review" is a failure: a dangling
# aria-describedby, for one, is reported only there (aria-valid-attr-value).
MAY_NEED_REVIEW = {
    # The background is not computable when text overlaps another element, sits on a gradient or
    # image, or is a pseudo-element: axe then asks a human, although our colours pass.
    "color-contrast",
    # Whether a link in a paragraph stands out other than by colour when it is not underlined.
    "link-in-text-block",
}


def assert_accessible(axe, page, *, strict: bool = False):
    """Run axe-core on the page: no WCAG 2.1 A/AA violation allowed.

    strict=True also fails on results axe-core could not decide ("needs review"), except the
    rules in MAY_NEED_REVIEW. Every page of the site audited is also laid out at 320 pixels and
    must not scroll sideways (WCAG 1.4.10).
    """
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    problems = list(results.response["violations"])
    if strict:
        problems += [r for r in results.response["incomplete"] if r["id"] not in MAY_NEED_REVIEW]
    described = [f"{p['id']}: {p['help']} -> {[n['target'] for n in p['nodes']][:5]}" for p in problems]
    assert described == []
    if "/admin/" not in page.url:  # Django's admin is not laid out for phones
        assert_no_sideways_scroll(page)


def save_screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


NARROW_VIEWPORT = {"width": 320, "height": 640}


def assert_no_sideways_scroll(page) -> None:
    """WCAG 1.4.10: the current page, laid out at 320 CSS pixels, is no wider than the window.

    The viewport goes back to what it was, so a test can call this on every page it opens.
    """
    before = page.viewport_size
    page.set_viewport_size(NARROW_VIEWPORT)
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    page.set_viewport_size(before)
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide at 320 px"
