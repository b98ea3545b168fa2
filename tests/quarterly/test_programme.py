"""The programme report for funders: sessions, turnout, reach, hours, actions, kennisbank
items and evaluations per period; as a page, CSV tables, a tagged PDF and presence lists."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from kennisbank import services as kb
from kennisbank.models import Solution
from praktijktafel.models import Role, SizeClass
from quarterly import exports
from quarterly.programme import period_from, programme_report, quarter_period, year_period
from sessions.models import Capture, Invitation, Session
from tests.factories import (
    CaptureFactory,
    EvaluationFactory,
    InvitationFactory,
    OrganisationFactory,
    member,
    session_for,
)

pytestmark = pytest.mark.django_db

Q1 = quarter_period(2025, 1)
PRESENT, LATE, ABSENT = (
    Invitation.Attendance.PRESENT,
    Invitation.Attendance.LATE,
    Invitation.Attendance.ABSENT,
)
CONFIRMED = Invitation.Status.CONFIRMED


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def past_session(
    network, facilitator, when, *, status=Session.Status.DONE, cancel_reason="", **fields
):
    session = session_for(network, facilitator, **fields)
    Session.objects.filter(pk=session.pk).update(
        starts_at=when, status=status, cancel_reason=cancel_reason
    )
    session.refresh_from_db()
    return session


def came(session, firm=None, *, attendance=PRESENT, status=CONFIRMED, **person):
    """An invitee of `session` (of `firm`) with an answer and an attendance mark."""
    invitation = InvitationFactory(session=session, status=status, attendance=attendance)
    if firm is not None or person:
        invitation.person.organisation = firm
        for name, value in person.items():
            setattr(invitation.person, name, value)
        invitation.person.save()
    return invitation


def test_default_period_is_the_last_full_quarter_and_a_year_can_be_chosen():
    assert period_from("", now=at(2026, 5, 3, 9)).code == "2026-K1"
    assert period_from("2025").start == at(2025, 1, 1)
    assert period_from("2025").end == at(2026, 1, 1)
    with pytest.raises(Exception, match="2026-K3"):
        period_from("vorig jaar")


def test_sessions_turnout_cancellations_and_hours(network, facilitator):
    held = past_session(network, facilitator, at(2025, 2, 10, 17), title="Gehouden")
    firm = OrganisationFactory(sector=network.sectors.first())
    for attendance in (PRESENT, PRESENT, PRESENT, LATE, ABSENT):
        came(held, firm, attendance=attendance)
    came(held, attendance="", status=Invitation.Status.DECLINED)
    too_few = past_session(
        network, facilitator, at(2025, 3, 3, 17), status=Session.Status.CANCELLED,
        cancel_reason=Session.CancelReason.TOO_FEW,
    )  # fmt: skip
    came(too_few, attendance="")
    other = past_session(
        network, facilitator, at(2025, 3, 10, 17), status=Session.Status.CANCELLED,
        cancel_reason=Session.CancelReason.OTHER,
    )  # fmt: skip
    for _i in range(5):
        came(other, attendance="")
    past_session(network, facilitator, at(2025, 4, 2, 17))  # next quarter: not counted

    t = programme_report(network=network, period=Q1).totals
    assert (t["planned"], t["held"], t["cancelled"]) == (3, 1, 2)
    assert (t["cancelled_too_few"], t["cancelled_other"]) == (1, 1)
    assert (t["invited"], t["signed_up"], t["came"], t["no_shows"]) == (12, 11, 4, 1)
    assert t["no_show_rate"] == 20  # 1 of the 5 who signed up for the held session
    assert t["hours"] == 6.0  # 4 people × the 90-minute slot


def test_evaluation_scores_show_from_five_answers(network, facilitator):
    big = past_session(network, facilitator, at(2025, 2, 10, 17), title="Vijf")
    small = past_session(network, facilitator, at(2025, 2, 17, 17), title="Vier")
    for useful in (5, 5, 4, 4, 2):
        EvaluationFactory(session=big, useful=useful)
    for _i in range(4):
        EvaluationFactory(session=small, useful=1, come_again="no")
    report = programme_report(network=network, period=Q1)
    rows = {r.session.title: r for r in report.sessions}
    assert rows["Vijf"].useful == 4.0 and rows["Vijf"].would_return == 100
    assert rows["Vier"].useful is None and rows["Vier"].would_return is None
    # The total leaves the small session out, so it cannot be worked out by subtraction.
    assert report.totals["useful"] == 4.0 and report.totals["answers"] == 5
    sessions_csv = exports.export_csv(report, "sessies")[2].decode("utf-8-sig")
    vier = next(line for line in sessions_csv.splitlines() if "Vier" in line)
    assert ";4;" not in vier


def test_reach_counts_distinct_firms_new_and_returning(network, facilitator, sector):
    earlier = past_session(network, facilitator, at(2024, 11, 4, 17))
    returning = OrganisationFactory(sector=sector, size_class=SizeClass.S, name="Oud & Zn")
    came(earlier, returning)
    session = past_session(network, facilitator, at(2025, 2, 10, 17))
    came(session, returning)
    came(session, returning)  # a second person of the same firm: still one firm
    came(session, OrganisationFactory(sector=sector, size_class=SizeClass.L))
    came(session, None)  # nobody's firm on record
    report = programme_report(network=network, period=Q1)
    [by_sector] = report.by_sector
    assert (by_sector.label, by_sector.firms, by_sector.new, by_sector.returning) == (
        sector.name,
        2,
        1,
        1,
    )
    assert {(r.label, r.firms) for r in report.by_size} == {
        (str(SizeClass.S.label), 1),
        (str(SizeClass.L.label), 1),
    }
    assert report.people_without_firm == 1


def test_group_actions_and_kennisbank_items_from_sessions(network, facilitator, sector):
    session = past_session(network, facilitator, at(2025, 2, 10, 17))
    CaptureFactory(session=session, kind=Capture.Kind.GROUP_ACTION, text="Buddy voor elke nieuwe")
    CaptureFactory(session=session, kind=Capture.Kind.TIP, text="Geen actie")
    item = kb.solution_create(
        network=network, user=None, origin="capture:999", title="Buddy", summary="S",
        themes=["behouden"], sector_ids=[sector.pk],
    )  # fmt: skip
    kb.solution_publish(solution=item, user=None, privacy_confirmed=True)
    Solution.objects.filter(pk=item.pk).update(published_at=at(2025, 3, 1, 9), useful_count=7)
    own = kb.solution_create(
        network=network, user=None, title="Los", summary="S", themes=["behouden"],
        sector_ids=[sector.pk],
    )  # fmt: skip
    kb.solution_publish(solution=own, user=None, privacy_confirmed=True)
    Solution.objects.filter(pk=own.pk).update(published_at=at(2025, 3, 1, 9))
    t = programme_report(network=network, period=Q1).totals
    assert t["group_actions"] == 1
    assert (t["knowledge_items"], t["knowledge_useful"]) == (1, 7)


def test_a_fixed_number_of_queries_whatever_the_period(
    network, facilitator, django_assert_num_queries
):
    def grow(n: int, offset: int) -> None:
        for i in range(n):
            session = past_session(network, facilitator, at(2025, 1, 6 + offset + i, 17))
            came(session, OrganisationFactory(sector=network.sectors.first()))
            EvaluationFactory(session=session)
            CaptureFactory(session=session, kind=Capture.Kind.GROUP_ACTION)

    grow(1, 0)
    with django_assert_num_queries(5):
        programme_report(network=network, period=Q1)
    grow(20, 1)
    with django_assert_num_queries(5):
        report = programme_report(network=network, period=year_period(2025))
    assert report.totals["held"] == 21


def test_page_for_the_networks_coordinator_only(client, network, coordinator, other_coordinator):
    url = reverse("quarterly:programme", args=[network.slug])
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    assert client.get(reverse("quarterly:programme_all")).status_code == 404
    client.force_login(coordinator)
    page = client.get(url + "?periode=2025-K1").content.decode()
    assert "Programmarapportage" in page and "2025 K1" in page
    assert client.get(reverse("quarterly:programme_all")).status_code == 404


def test_all_networks_for_a_superuser(
    client, network, other_network, facilitator, django_user_model
):
    past_session(network, facilitator, at(2025, 2, 10, 17), title="Hier")
    other_facilitator = member(other_network, Role.FACILITATOR)
    past_session(other_network, other_facilitator, at(2025, 2, 11, 17), title="Daar")
    admin = django_user_model.objects.create_superuser("beheer@example.nl", "x")
    client.force_login(admin)
    page = client.get(reverse("quarterly:programme_all") + "?periode=2025-K1").content.decode()
    assert "Hier" in page and "Daar" in page and "Alle netwerken" in page


def test_a_wrong_period_gets_a_dutch_error(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("quarterly:programme", args=[network.slug])
    page = client.get(url + "?periode=gisteren").content.decode()
    assert "Kies een periode uit de lijst" in page
    response = client.get(
        reverse("quarterly:programme_csv", args=[network.slug, "sessies"]) + "?periode=x"
    )
    assert response.status_code == 302
    assert (
        client.get(reverse("quarterly:programme_csv", args=[network.slug, "nee"])).status_code
        == 404
    )


def test_csv_cells_cannot_start_a_formula(client, network, facilitator, coordinator):
    session = past_session(
        network, facilitator, at(2025, 2, 10, 17), title='=HYPERLINK("http://x","klik")'
    )
    came(session, None, full_name="+31 6 123 => Jan")
    client.force_login(coordinator)
    for table in ("sessies", "presentie"):
        response = client.get(
            reverse("quarterly:programme_csv", args=[network.slug, table]) + "?periode=2025-K1"
        )
        assert response["Content-Type"].startswith("text/csv")
        assert "2025-k1" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if c.lstrip(" ").startswith(("=", "+", "-", "@"))]
    assert "'+31 6 123 => Jan" in cells


def test_presence_list_names_who_came_with_minutes(client, network, facilitator, coordinator):
    session = past_session(network, facilitator, at(2025, 2, 10, 17), slot_minutes=120)
    firm = OrganisationFactory(sector=network.sectors.first(), name="Installatie Jansen")
    came(session, firm, full_name="Ans Jansen")
    came(session, firm, attendance=LATE, full_name="Piet Laat")
    came(session, firm, attendance=ABSENT, full_name="Kees Weg")
    client.force_login(coordinator)
    page = client.get(reverse("quarterly:presence", args=[session.pk])).content.decode()
    assert "Ans Jansen" in page and "Piet Laat" in page and "Kees Weg" not in page
    assert "Installatie Jansen" in page and "120 minuten" in page
    assert "Handtekening" in page


def test_pdf_is_tagged_and_has_the_numbers(client, network, facilitator, coordinator):
    session = past_session(network, facilitator, at(2025, 2, 10, 17), title="Vakmensen binden")
    came(session, OrganisationFactory(sector=network.sectors.first()))
    client.force_login(coordinator)
    response = client.get(
        reverse("quarterly:programme_pdf", args=[network.slug]) + "?periode=2025-K1"
    )
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Vakmensen binden" in text and "Programmarapportage" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_dashboard_links_the_report_for_coordinators_only(
    client, network, coordinator, facilitator
):
    url = reverse("sessions:dashboard", args=[network.slug])
    report = reverse("quarterly:programme", args=[network.slug])
    client.force_login(facilitator)
    assert report not in client.get(url).content.decode()
    client.force_login(coordinator)
    assert report in client.get(url).content.decode()


def test_a_networks_report_leaves_other_networks_out(network, other_network, facilitator):
    mine = past_session(network, facilitator, at(2025, 2, 10, 17), title="Van ons")
    came(mine, OrganisationFactory(sector=network.sectors.first()))
    theirs = past_session(
        other_network, member(other_network, Role.FACILITATOR), at(2025, 2, 11, 17), title="Hun"
    )
    came(theirs, OrganisationFactory(sector=network.sectors.first()))
    report = programme_report(network=network, period=Q1)
    assert [r.session.title for r in report.sessions] == ["Van ons"]
    assert report.totals["came"] == 1 and sum(r.firms for r in report.by_sector) == 1
    presence = exports.export_csv(report, "presentie")[2].decode("utf-8-sig")
    assert "Hun" not in presence
    everyone = programme_report(network=None, period=Q1)
    assert {r.session.title for r in everyone.sessions} == {"Van ons", "Hun"}


def test_the_quarter_under_way_can_be_chosen_and_a_running_session_is_not_held(
    network, facilitator
):
    """The quarter under way is in the list (marked as such); a session started but not
    finished is not counted as held, nor are its sign-ups counted as no-shows."""
    from django.utils import timezone

    from praktijktafel.dates import quarter_containing
    from quarterly.programme import period_choices, period_from, programme_report
    from sessions.live.services.run import live_start
    from tests.factories import session_for

    year, quarter = quarter_containing(timezone.now())
    choices = period_choices()
    assert choices[0].code == f"{year}-K{quarter}" and "nog niet voorbij" in choices[0].label
    running = session_for(network, facilitator, days=1, title="Loopt nog")  # started early
    live_start(session=running)
    its_year = str(timezone.localtime(running.starts_at).year)
    report = programme_report(network=network, period=period_from(its_year))
    assert report.totals["held"] == 0


def test_the_report_and_the_session_page_give_the_same_evaluation(
    client, network, facilitator, coordinator
):
    """One rule and one sum: the report reads the evaluations selector, so a score that
    falls on a half (3.25) is rounded the same way on the session page and in the report,
    and a session below five answers shows no score in either."""
    from sessions.selectors.evaluations import evaluation_result

    half = past_session(network, facilitator, at(2025, 2, 10, 17), title="Half")
    for i, useful in enumerate((3, 3, 3, 3, 3, 4, 4, 3)):  # 26 / 8 = 3.25
        EvaluationFactory(session=half, useful=useful, come_again="yes" if i % 3 else "maybe")
    few = past_session(network, facilitator, at(2025, 2, 17, 17), title="Weinig")
    for _i in range(4):
        EvaluationFactory(session=few, useful=5)
    rows = {r.session.title: r for r in programme_report(network=network, period=Q1).sessions}
    on_page = evaluation_result(session=half)
    assert rows["Half"].useful == on_page.useful_average
    yes = next(r for r in on_page.again if r.value == "yes")
    assert rows["Half"].would_return == yes.percent
    assert rows["Weinig"].useful is None and not evaluation_result(session=few).shown

    client.force_login(coordinator)
    summary = client.get(reverse("sessions:summary", args=[half.pk])).content.decode()
    report = client.get(
        reverse("quarterly:programme", args=[network.slug]) + "?periode=2025-K1"
    ).content.decode()
    shown = f"{on_page.useful_average:.1f}".replace(".", ",")
    assert f"Gemiddeld nut: {shown} van 5." in summary
    half_row = report[report.index("Half") :]
    half_row = half_row[: half_row.index("</tr>")]
    assert f'<td class="num">{shown}</td>' in half_row


def test_all_networks_take_the_same_queries_however_many_sessions(
    network, other_network, facilitator, django_assert_num_queries
):
    """The beheerder's report over every network: cancelled sessions with their reasons,
    evaluations and reach take five queries, for one session or for thirty, for a quarter
    or a year."""
    other_facilitator = member(other_network, Role.FACILITATOR)

    def grow(n: int, offset: int) -> None:
        for i in range(n):
            mine = i % 2 == 0
            session = past_session(
                network if mine else other_network,
                facilitator if mine else other_facilitator,
                at(2025, 1 + (offset + i) % 12, 1 + i % 27, 17),
                status=Session.Status.CANCELLED if i % 5 == 4 else Session.Status.DONE,
                cancel_reason="too_few" if i % 5 == 4 else "",
            )
            came(session, OrganisationFactory(sector=network.sectors.first()))
            for _j in range(i % 7):
                EvaluationFactory(session=session)

    grow(1, 0)
    with django_assert_num_queries(5):
        programme_report(network=None, period=Q1)
    grow(30, 1)
    with django_assert_num_queries(5):
        report = programme_report(network=None, period=year_period(2025))
    assert report.totals["planned"] == 31 and report.totals["cancelled_too_few"] == 6
    with django_assert_num_queries(5):
        programme_report(network=None, period=Q1)


def test_the_page_and_the_pdf_read_no_more_per_session(
    client, network, facilitator, coordinator, django_assert_max_num_queries
):
    """The report loads only the fields it shows; nothing on the page or in the CSV reads
    another one session by session."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("quarterly:programme", args=[network.slug]) + "?periode=2025"
    csv_url = reverse("quarterly:programme_csv", args=[network.slug, "sessies"]) + "?periode=2025"
    client.force_login(coordinator)

    def counts() -> tuple[int, int]:
        found = []
        for address in (url, csv_url):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(address).status_code == 200
            found.append(len(captured.captured_queries))
        return found[0], found[1]

    first = past_session(network, facilitator, at(2025, 2, 10, 17), title="Een")
    came(first, OrganisationFactory(sector=network.sectors.first()))
    few = counts()
    for day in range(1, 9):
        session = past_session(
            network, facilitator, at(2025, 3, day, 17), status=Session.Status.CANCELLED,
            cancel_reason="other",
        )  # fmt: skip
        came(session, attendance="")
    assert counts() == few


def test_a_pdf_of_too_many_sessions_is_refused_with_what_to_do(
    client, network, facilitator, coordinator, monkeypatch
):
    """Hundreds of sessions make a PDF of hundreds of pages, minutes long in a web request;
    the page says so and keeps the period instead."""
    from quarterly import views_programme

    monkeypatch.setattr(views_programme, "PDF_SESSIONS_MAX", 1)
    for day in (10, 17):
        past_session(network, facilitator, at(2025, 2, day, 17), title=f"Sessie {day}")
    client.force_login(coordinator)
    url = reverse("quarterly:programme_pdf", args=[network.slug]) + "?periode=2025-K1"
    response = client.get(url, follow=True)
    assert response.redirect_chain[0][0].endswith("periode=2025-K1")
    text = response.content.decode()
    assert "2 sessies" in text and "CSV" in text
