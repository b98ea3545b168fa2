"""Charts attached to sessions (frozen), the PvE rule, the projector, and the demo data."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sectordata import demo, selectors
from sectordata.charts import chart_data
from sectordata.models import Dataset
from sectordata.services import dataset_import
from sessions import pve
from sessions.live.selectors.projector import projector
from sessions.live.services.run import live_chart_show, live_goto, live_start
from sessions.models import SessionChart
from sessions.selectors.sessions import session_facts
from sessions.services.charts import session_chart_attach
from tests.factories import SectorFactory
from tests.sectordata.helpers import FIXTURES, import_vacatures, spec

pytestmark = pytest.mark.django_db


def test_attach_freezes_the_data_against_a_newer_import(session, facilitator, sector, tmp_path):
    import_vacatures()
    key = spec().key()
    chart = session_chart_attach(session=session, key=key, user=facilitator)
    assert chart.data["values"] == [29.8, 28.1]
    newer = (FIXTURES / "cbs_vacatures.csv").read_text(encoding="utf-8-sig")
    newer = newer.replace('"    28.1"', '"    99.9"')
    path = tmp_path / "newer.csv"
    path.write_text(newer, encoding="utf-8")
    report = dataset_import(path=path, metadata_path=FIXTURES / "cbs_vacatures_metadata.csv")
    assert report.status == "imported"
    assert chart_data(spec()).values[-1] == 99.9  # the table moved on...
    chart.refresh_from_db()
    assert chart.data["values"] == [29.8, 28.1]  # ...what the session shows did not


def test_attaching_twice_is_one_chart_and_four_is_too_many(session, facilitator):
    demo.load()
    options = [o.key for o in selectors.chart_options(session.sector)][:4]
    assert len(options) == 4
    first = session_chart_attach(session=session, key=options[0], user=facilitator)
    again = session_chart_attach(session=session, key=options[0], user=facilitator)
    assert first.pk == again.pk
    for key in options[1:3]:
        session_chart_attach(session=session, key=key, user=facilitator)
    with pytest.raises(ValidationError, match="hoogstens 3"):
        session_chart_attach(session=session, key=options[3], user=facilitator)
    assert SessionChart.objects.filter(session=session).count() == 3


def test_pve_sector_data_rule_follows_the_charts(session, facilitator, sector):
    assert session_facts(session).chart_count is None  # nothing imported at all
    import_vacatures()
    assert pve.sector_data_first(session_facts(session)).is_warning
    session_chart_attach(session=session, key=spec().key(), user=facilitator)
    assert pve.sector_data_first(session_facts(session)).level == pve.Level.PASS


def test_planning_page_attach_and_remove(client, session, facilitator, ondernemer):
    import_vacatures()
    client.force_login(facilitator)
    page = client.get(reverse("sessions:detail", args=[session.pk])).content.decode()
    assert spec().key() in page
    url = reverse("sessions:chart_attach", args=[session.pk])
    client.post(url, {"chart": spec().key()}, HTTP_HX_REQUEST="true")
    chart = SessionChart.objects.get(session=session)
    client.post(reverse("sessions:chart_detach", args=[session.pk, chart.pk]))
    assert not SessionChart.objects.filter(session=session).exists()
    client.force_login(ondernemer)
    assert client.post(url, {"chart": spec().key()}).status_code == 404


def test_projector_shows_the_chosen_chart_in_phase_three(session, facilitator):
    demo.load()
    figures = selectors.key_figures(session.sector)
    for _slug, _name, data in figures[:2]:
        session_chart_attach(session=session, key=data.key, user=facilitator)
    live_start(session=session)
    assert projector(session_id=session.pk).chart is None  # phase 1
    knowledge = session.phases.get(kind="knowledge")
    live_goto(session=session, phase=knowledge)
    view = projector(session_id=session.pk)
    assert view.chart.key == figures[0][2].key and view.chart_total == 2
    live_chart_show(session=session, index=1)
    assert projector(session_id=session.pk).chart.key == figures[1][2].key


def test_demo_sector_data_is_made_up_and_says_so(sector):
    member_sector = SectorFactory(slug="installatietechniek", sbi_codes=["43.22"])
    reports = demo.load()
    assert [r.status for r in reports] == ["imported", "imported"]
    assert all("fictieve cijfers" in d.source for d in Dataset.objects.all())
    assert {s.slug for s in selectors.sectors_with_data()} >= {sector.slug, member_sector.slug}
    assert [r.status for r in demo.load()] == ["unchanged", "unchanged"]
