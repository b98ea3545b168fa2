"""Evaluations are read: by the facilitator and the coordinators, on the summary page, the
dashboard, the series page and in the quarterly PDF; never below five answers, and never in
an order or with a moment that ties an answer to a person."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from quarterly import pdf
from quarterly.selectors import quarter_content
from sessions.models import Evaluation, Series, Session
from sessions.selectors.evaluations import MIN_ANSWERS, evaluation_result, evaluation_trend
from tests.factories import session_for

pytestmark = pytest.mark.django_db

# Came in in this order: the first is not first alphabetically, and the last is not last.
REMARKS = ["Meer tijd voor de casus", "Broodjes waren top", "Zeker weer", "Actiepunt hielp", ""]


def finished(network, facilitator, *, days=-7, title="Vakmensen vasthouden", **fields):
    session = session_for(network, facilitator, days=30, title=title, **fields)
    start = (timezone.localtime() + timedelta(days=days)).replace(hour=16, minute=30)
    Session.objects.filter(pk=session.pk).update(starts_at=start, status=Session.Status.DONE)
    session.refresh_from_db()
    return session


def answers(session, count, *, remarks=REMARKS, useful=(5, 4, 4, 3, 2, 5, 4)):
    for i in range(count):
        Evaluation.objects.create(
            session=session,
            useful=useful[i % len(useful)],
            come_again="yes" if i % 3 else "maybe",
            remark=remarks[i % len(remarks)],
        )


def test_below_five_answers_nothing_of_the_answers_is_shown(client, network, facilitator):
    session = finished(network, facilitator)
    answers(session, MIN_ANSWERS - 1)
    client.force_login(facilitator)
    html = client.get(reverse("sessions:summary", args=[session.pk])).content.decode()
    assert "Nog te weinig antwoorden om te tonen" in html
    for remark in REMARKS[:4]:
        assert remark not in html
    assert "gemiddeld" not in html.lower()
    assert not evaluation_result(session=session).remarks


def test_from_five_answers_the_spread_and_the_remarks_are_shown(client, network, coordinator):
    session = finished(network, coordinator)
    answers(session, MIN_ANSWERS)
    client.force_login(coordinator)
    html = client.get(reverse("sessions:summary", args=[session.pk])).content.decode()
    assert "Nog te weinig antwoorden" not in html
    assert "5 antwoorden" in html
    assert "Gemiddeld nut: 3,6 van 5" in html or "Gemiddeld nut: 3.6 van 5" in html
    result = evaluation_result(session=session)
    assert [(r.value, r.count) for r in result.useful] == [
        ("1", 0),
        ("2", 1),
        ("3", 1),
        ("4", 2),
        ("5", 1),
    ]
    assert {r.value: r.count for r in result.again} == {"yes": 3, "maybe": 2, "no": 0}


def test_remarks_come_alphabetically_and_no_answer_date_is_shown(client, network, facilitator):
    """The order of the remarks is not the order of the answers, and the day the answers came
    in appears nowhere: neither can tie a remark to who answered first or last."""
    session = finished(network, facilitator)
    answers(session, 5)
    day = datetime(2026, 3, 17).date()
    Evaluation.objects.filter(session=session).update(created_at=day)
    client.force_login(facilitator)
    html = client.get(reverse("sessions:summary", args=[session.pk])).content.decode()
    section = html[html.index('id="evaluation"') :]
    section = section[: section.index("</section>")]
    positions = [section.index(r) for r in sorted(REMARKS[:4], key=str.casefold)]
    assert positions == sorted(positions)
    assert evaluation_result(session=session).remarks == sorted(REMARKS[:4], key=str.casefold)
    for text in ("17 maart", "17-03", "2026-03-17", "17 mrt"):
        assert text not in section


def test_the_knowledge_expert_does_not_read_the_evaluation(client, session, kennisexpert):
    Session.objects.filter(pk=session.pk).update(status=Session.Status.DONE)
    answers(session, 6)
    client.force_login(kennisexpert)
    response = client.get(reverse("sessions:summary", args=[session.pk]))
    assert response.status_code == 200
    assert 'id="evaluation"' not in response.content.decode()


def test_the_trend_leaves_out_sessions_with_too_few_answers(network, facilitator):
    early = finished(network, facilitator, days=-30, title="Eerste")
    thin = finished(network, facilitator, days=-20, title="Dun")
    late = finished(network, facilitator, days=-10, title="Laatste")
    answers(early, 5, useful=(5,))
    answers(thin, 4)
    answers(late, 6, useful=(3,))
    trend = evaluation_trend(sessions=[late, thin, early])
    assert [(r.title, r.answers, r.useful_average) for r in trend] == [
        ("Eerste", 5, 5.0),
        ("Laatste", 6, 3.0),
    ]


def test_dashboard_and_series_show_the_trend_to_whom_may_read_it(
    client, network, sector, facilitator, other_facilitator, coordinator
):
    series = Series.objects.create(network=network, sector=sector, title="Leerlijn Ede")
    own = finished(network, facilitator, title="Van Sander", series=series)
    others = finished(network, other_facilitator, title="Van Frank", series=series)
    thin = finished(network, facilitator, title="Te weinig", series=series)
    answers(own, 5)
    answers(others, 5)
    answers(thin, 4)
    client.force_login(coordinator)
    for url in (
        reverse("sessions:dashboard", args=[network.slug]),
        reverse("sessions:series", args=[series.pk]),
    ):
        html = client.get(url).content.decode()
        trend = html[html.index('id="trend-heading"') :]
        assert "Van Sander" in trend and "Van Frank" in trend and "Te weinig" not in trend
    client.force_login(facilitator)
    html = client.get(reverse("sessions:dashboard", args=[network.slug])).content.decode()
    trend = html[html.index('id="trend-heading"') :]
    assert "Van Sander" in trend and "Van Frank" not in trend


def _pdf_text(content) -> str:
    data, _pages = pdf.render_pdf(content)
    return " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_quarterly_pdf_counts_only_sessions_with_five_answers(network, facilitator):
    year, quarter = 2026, 2
    session = finished(network, facilitator)
    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.make_aware(datetime(2026, 5, 12, 16, 0))
    )
    answers(session, 4)
    text = _pdf_text(quarter_content(network=network, sector=None, year=year, quarter=quarter))
    assert "Nog te weinig antwoorden om te tonen" in text
    assert "anonieme antwoorden" not in text
    Evaluation.objects.create(session=session, useful=5, come_again="yes", remark="Mooi")
    text = _pdf_text(quarter_content(network=network, sector=None, year=year, quarter=quarter))
    assert "5 anonieme antwoorden over 1 sessie" in text
    assert "gemiddeld 4,2 op 5" in text or "gemiddeld 4.2 op 5" in text
    # The update goes to every member: no remark (a sentence someone wrote) is in it.
    for remark in [*REMARKS[:4], "Mooi"]:
        assert remark not in text
