"""A coordinator imports a CBS table, sees the report, attaches a chart to a session and sees
it on the projector; the sector pages pass an accessibility audit on a laptop and a phone."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from sectordata.models import Dataset
from sessions.live.services.run import live_goto, live_start
from tests.browser.conftest import assert_accessible
from tests.browser.test_sessions_browser import login_as

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sectordata"


def test_import_attach_and_show_on_the_projector(page, live_server, coordinator, session):
    login_as(page, live_server, coordinator)

    # A file with a bad number: the report says where, nothing is saved.
    page.goto("/sectordata/")
    page.get_by_label("Bestand met cijfers").set_input_files(FIXTURES / "cbs_bad_numbers.csv")
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("heading", name="Niet geïmporteerd")).to_be_visible()
    expect(
        page.get_by_text("rij 3, kolom OpenstaandeVacatures_1: '12,3,4' is geen getal")
    ).to_be_visible()
    assert not Dataset.objects.exists()
    assert_accessible(page)

    # The real file with its metadata.
    page.get_by_label("Bestand met cijfers").set_input_files(FIXTURES / "cbs_vacatures.csv")
    page.get_by_label("Metadatabestand van het CBS").set_input_files(
        FIXTURES / "cbs_vacatures_metadata.csv"
    )
    page.get_by_role("button", name="Importeren").click()
    report = page.locator("#report")
    expect(report.get_by_role("heading", name="Geïmporteerd")).to_be_visible()
    expect(report).to_contain_text("80472NED")
    expect(report).to_contain_text("Rijen geïmporteerd")
    assert_accessible(page)

    # Attach a chart on the planning page (HTMX swaps the planning part).
    page.goto(f"/sessie/{session.pk}/")
    page.get_by_label("Grafiek voor Bouw").select_option(
        label="Openstaande vacatures: F Bouwnijverheid"
    )
    page.get_by_role("button", name="Grafiek toevoegen").click()
    attached = page.locator(".session-charts figure")
    expect(
        attached.get_by_role("heading", name="Openstaande vacatures, F Bouwnijverheid")
    ).to_be_visible()
    expect(attached).to_contain_text("Bron: CBS StatLine, tabel 80472NED")
    expect(page.locator("#pve-panel")).to_contain_text("1 grafiek voor fase 3")
    assert_accessible(page)

    # Live, in phase 3: the projector shows the chart with its source.
    live_start(session=session)
    live_goto(session=session, phase=session.phases.get(kind="knowledge"))
    projector = page.context.new_page()
    projector.goto(f"/sessie/{session.pk}/projector/")
    chart = projector.locator(".chart-big")
    expect(chart.get_by_role("img", name="Openstaande vacatures, F Bouwnijverheid")).to_be_visible()
    expect(chart).to_contain_text("Bron: CBS StatLine, tabel 80472NED, 2023 K2–2023 K3")
    assert_accessible(projector)


def test_sector_pages_are_accessible(page, phone_page, live_server, ondernemer, sector):
    from sectordata import demo

    demo.load()
    for current in (page, phone_page):
        login_as(current, live_server, ondernemer)
        current.goto("/sectoren/")
        current.get_by_role("link", name=sector.name).click()
        expect(current.get_by_role("heading", name="Kerncijfers")).to_be_visible()
        expect(current.get_by_text("Openstaande vacatures").first).to_be_visible()
        assert_accessible(current)


def test_real_cbs_shapes_through_the_upload_page(page, live_server, coordinator):
    login_as(page, live_server, coordinator)
    page.goto("/sectordata/")

    # The open-data API's CSV as pandas writes it, without metadata: imported, and the
    # report says the labels are codes and where to map them.
    page.get_by_label("Bestand met cijfers").set_input_files(
        FIXTURES / "api_80472NED_typed_pandas.csv"
    )
    page.get_by_role("button", name="Importeren").click()
    report = page.locator("#report")
    expect(report.get_by_role("heading", name="Geïmporteerd")).to_be_visible()
    expect(report).to_contain_text("de labels zijn de codes")
    expect(report.get_by_role("link", name="koppelscherm")).to_have_attribute(
        "href", "/sectordata/koppeling/"
    )
    assert_accessible(page)

    # The StatLine download with its real metadata file: labels, no notice.
    page.get_by_label("Bestand met cijfers").set_input_files(
        FIXTURES / "statline_80472NED_data.csv"
    )
    page.get_by_label("Metadatabestand van het CBS").set_input_files(
        FIXTURES / "statline_80472NED_metadata.csv"
    )
    page.get_by_role("button", name="Importeren").click()
    expect(report.get_by_role("heading", name="Geïmporteerd")).to_be_visible()
    expect(report).to_contain_text("10 tot 100 werkzame personen")
    expect(report).not_to_contain_text("de labels zijn de codes")
    assert Dataset.objects.get(is_current=True, table_id="80472NED").licence.startswith("© CBS")


def test_a_chart_fits_a_phone(phone_page, live_server, ondernemer, sector):
    """On a 390 px phone every chart shows whole in its box (the latest value in sight), and
    its bars and type are readable: the narrow picture, not the laptop's scaled down."""
    from sectordata import demo

    demo.load()
    page = phone_page
    login_as(page, live_server, ondernemer)
    page.goto(f"/sectoren/{sector.slug}/")
    images = page.locator(".chart-image")
    assert images.count() > 0
    for i in range(images.count()):
        box = images.nth(i).bounding_box()
        shown = images.nth(i).locator("svg:visible")
        assert shown.count() == 1
        svg_box = shown.bounding_box()
        assert svg_box["x"] >= box["x"] - 1
        assert svg_box["x"] + svg_box["width"] <= box["x"] + box["width"] + 1, (svg_box, box)
        assert images.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        # 20-unit type in a viewBox at most 400 wide: at least 14 px on screen.
        view_width = float(shown.get_attribute("viewBox").split()[2])
        assert 20 * svg_box["width"] / view_width >= 14
    # Column headers wrap between words, never inside one ("Ziekteverzuimperc-entage").
    broken = page.evaluate(WORDS_BROKEN_ACROSS_LINES, ".chart-table thead th")
    assert broken == []
    # A header word longer than the column ("Ziekteverzuimpercentage") scrolls in its own box:
    # the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


WORDS_BROKEN_ACROSS_LINES = """selector => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""
