"""The report page in a real browser: the system's headless Chromium, driven by Selenium 4
through the system's chromedriver (never a browser downloaded at test time). Skipped, with
the reason at the end of the run, only when no browser can be had (issue 12)."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Invoke
from .test_pages import hostile  # noqa: F401  (the fixture)
from .test_web import served  # noqa: F401  (the fixture)

REASON: list[str] = []
PHONE = (390, 844)
DESKTOP = (1366, 900)


def _browser_missing() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return "no chromium on PATH (apt-get install chromium chromium-driver fonts-noto-cjk)"
    if not shutil.which("chromedriver"):
        return "no chromedriver on PATH (apt-get install chromium-driver)"
    return None


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    missing = _browser_missing()
    if missing is not None:
        REASON.append(missing)
        pytest.skip(f"Browser tests skipped: {missing}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or shutil.which("chromium-browser") or ""
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    chrome = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        yield chrome
    finally:
        chrome.quit()


def console_errors(driver: Any) -> list[dict[str, Any]]:
    return [e for e in driver.get_log("browser") if e["level"] in {"SEVERE", "ERROR"}]


def screenshots(driver: Any, folder: Path, name: str) -> list[Path]:
    saved = []
    for label, (width, height) in (("phone", PHONE), ("desktop", DESKTOP)):
        driver.set_window_size(width, height)
        path = folder / f"{name}-{label}.png"
        assert driver.save_screenshot(str(path))
        assert path.stat().st_size > 10_000  # a page, not a blank
        saved.append(path)
    return saved


def check_page(driver: Any, tmp_path: Path, name: str) -> None:
    """What every rendering of the report must show, in the browser as a reader sees it."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver.get_log("browser")  # what came before this page is not its fault
    cards = driver.find_elements(By.CSS_SELECTOR, "article.card")
    assert len(cards) > 40
    for card in cards:
        assert card.find_element(By.TAG_NAME, "h3").text.strip()
        assert card.find_element(By.CSS_SELECTOR, ".state").text.strip()
    assert console_errors(driver) == []
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018  (no hostile script ran)
    names = [c.find_element(By.TAG_NAME, "h3").text for c in cards]
    assert "<script>alert(1)</script>" in names
    assert '" onmouseover=alert(1) x="' in names
    hostile_card = driver.find_element(By.ID, "indicator-hostile-attr")
    driver.execute_script(
        "arguments[0].dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))", hostile_card
    )
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018
    # the phone layout is one column with nothing wider than the screen
    driver.set_window_size(*PHONE)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    inner = driver.execute_script("return window.innerWidth")
    assert width <= inner
    screenshots(driver, tmp_path, name)
    # printed: A4, a section a page
    pdf = base64.b64decode(driver.print_page())
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    sections = len(driver.find_elements(By.CSS_SELECTOR, "section.area"))
    assert pages >= sections > 1
    (tmp_path / f"{name}.pdf").write_bytes(pdf)


def test_report_file_in_a_browser(
    driver: Any,
    hostile: Invoke,  # noqa: F811
    workdir: Path,
    tmp_path: Path,
) -> None:
    result = hostile("report", "-o", "2024-06.html", "--as-of", "2024-06-30")
    assert result.exit_code == 0, result.output
    driver.get((workdir / "2024-06.html").as_uri())
    check_page(driver, tmp_path, "report")


def test_each_section_starts_a_printed_page(
    driver: Any,
    hostile: Invoke,  # noqa: F811
    workdir: Path,
) -> None:
    hostile("report", "-o", "r.html", "--as-of", "2024-06-30")
    driver.get((workdir / "r.html").as_uri())
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        breaks = driver.execute_script(
            "return [...document.querySelectorAll('section.area')]"
            ".map(s => getComputedStyle(s).breakBefore)"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert breaks[0] != "page" and set(breaks[1:]) == {"page"}


def test_live_page_in_a_browser(
    driver: Any,
    hostile: Invoke,  # noqa: F811
    served: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    from selenium.webdriver.common.by import By

    driver.get(served + "/?as_of=2024-06-30")
    check_page(driver, tmp_path, "live")
    driver.set_window_size(*DESKTOP)
    driver.find_element(By.LINK_TEXT, "签约项目落地").click()
    assert "/indicators/signed-projects-landed" in driver.current_url
    assert driver.find_element(By.TAG_NAME, "h1").text == "签约项目落地"
    assert console_errors(driver) == []
