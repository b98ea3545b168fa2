"""Kennisbank: Dutch search, who sees what, moderation with the privacy check, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kennisbank import services
from kennisbank.models import Revision, Solution
from kennisbank.privacy import privacy_warnings
from kennisbank.selectors import SearchParams, moderation_overview, search
from kennisbank.text import render_markdown
from praktijktafel.models import Consent, Role
from sessions.models import Capture
from sessions.services.captures import capture_promote
from sessions.services.live import live_start
from tests.factories import NetworkFactory, OrganisationFactory, member

pytestmark = pytest.mark.django_db


def item(network, sector, *, publish=True, **fields):
    values = {
        "title": "Een praktijkoplossing",
        "summary": "Kort gezegd.",
        "body": "",
        "themes": ["behouden"],
        "sector_ids": [sector.pk],
        "tags": [],
    }
    values.update(fields)
    solution = services.solution_create(network=network, user=None, **values)
    if publish:
        solution = services.solution_publish(solution=solution, user=None, privacy_confirmed=True)
    return solution


def titles(user, **params):
    return [s.title for s in search(user=user, params=SearchParams(**params)).items]


class TestDutchSearch:
    def test_stemming_accents_and_ranking(self, network, sector, ondernemer):
        item(network, sector, title="Werknemers behouden met een buddy", summary="Inwerken.")
        item(
            network,
            sector,
            title="Vakantieregeling",
            summary="Over vrije dagen.",
            body="Wie een werknemer wil houden, regelt de vakantie goed.",
        )
        item(network, sector, title="Koffie in het café", summary="Informeel overleg.")
        # 'werknemer' finds 'Werknemers', and the title match ranks above the body match.
        assert titles(ondernemer, q="werknemer") == [
            "Werknemers behouden met een buddy",
            "Vakantieregeling",
        ]
        assert titles(ondernemer, q="behoud")[0] == "Werknemers behouden met een buddy"
        assert titles(ondernemer, q="cafe") == ["Koffie in het café"]  # accents ignored
        assert titles(ondernemer, q="CAFÉ") == ["Koffie in het café"]

    def test_hyphenated_words_and_quoted_phrases(self, network, sector, ondernemer):
        item(network, sector, title="Terug na een burn-out", body="Rustig opbouwen.")
        item(network, sector, title="Zij-instromers inwerken", body="Een buddy helpt.")
        item(network, sector, title="Out of office", body="Geen burn maar rust.")
        assert titles(ondernemer, q="burn-out") == ["Terug na een burn-out"]
        assert titles(ondernemer, q="zij-instromer") == ["Zij-instromers inwerken"]
        assert titles(ondernemer, q="burn-out opbouwen") == ["Terug na een burn-out"]
        # A quoted phrase stays a phrase: the words next to each other, in this order.
        assert titles(ondernemer, q='"buddy helpt"') == ["Zij-instromers inwerken"]
        assert titles(ondernemer, q='"helpt buddy"') == []

    def test_filters_with_words_give_what_each_alone_gives(self, network, sector, ondernemer):
        item(network, sector, title="Buddy voor leerlingen", themes=["behouden"])
        item(network, sector, title="Buddy bij verzuim", themes=["vitaliseren"])
        item(network, sector, title="Verzuim bespreken", themes=["behouden"])
        both = titles(ondernemer, q="buddy", themes=["behouden"])
        assert both == ["Buddy voor leerlingen"]

    def test_misspelling_gets_a_suggestion(self, network, sector, ondernemer):
        item(network, sector, title="Ziekteverzuim terugdringen", body="Verzuim bespreken.")
        result = search(user=ondernemer, params=SearchParams(q="ziekteverzium"))
        assert result.total == 0
        assert result.suggestion == "ziekteverzuim"

    def test_search_vector_follows_every_change(self, network, sector, ondernemer):
        solution = item(network, sector, title="Eerste titel")
        services.solution_update(solution=solution, user=None, title="Leerlingen begeleiden")
        assert titles(ondernemer, q="leerling") == ["Leerlingen begeleiden"]
        assert titles(ondernemer, q="eerste") == []
        Solution.objects.filter(pk=solution.pk).update(summary="Over gereedschap")  # even SQL
        assert titles(ondernemer, q="gereedschap") == ["Leerlingen begeleiden"]

    def test_snippets_highlight_and_escape(self, network, sector, ondernemer):
        item(network, sector, title="Tip", body="<b>Veiligheid</b> eerst: een toolbox meeting.")
        result = search(user=ondernemer, params=SearchParams(q="toolbox"))
        snippet = result.items[0].snippet
        assert "\x02toolbox\x03" in snippet
        from kennisbank.text import snippet_html

        html = snippet_html(snippet)
        assert "<mark>toolbox</mark>" in html and "<b>" not in html

    @pytest.mark.parametrize("page", ["0", "-3", "abc", "99999999999", "1" * 30, "2.5"])
    def test_odd_page_numbers_never_fail(self, client, network, sector, ondernemer, page):
        item(network, sector, title="Buddy voor leerlingen")
        client.force_login(ondernemer)
        response = client.get(reverse("kennisbank:search"), {"q": "buddy", "pagina": page})
        assert response.status_code == 200 and "voor leerlingen" in response.text

    @pytest.mark.parametrize(
        "query",
        ["", "   ", "!!!", "?", '"', "\\", "'; DROP TABLE kennisbank_solution; --", "a" * 5000,
         "de het een", '"onafgesloten citaat', "werk & | ! ( )"],
    )  # fmt: skip
    def test_odd_queries_never_fail(self, client, network, sector, ondernemer, query):
        item(network, sector, title="Werk en privé")
        client.force_login(ondernemer)
        response = client.get(reverse("kennisbank:search"), {"q": query})
        assert response.status_code == 200
        assert Solution.objects.count() == 1

    def test_only_punctuation_says_what_to_do(self, network, sector, ondernemer):
        result = search(user=ondernemer, params=SearchParams(q="?!"))
        assert "leestekens" in result.message


class TestFiltersAndCounts:
    def test_counts_and_filters_combine(self, network, sector, ondernemer):
        item(network, sector, title="A", themes=["behouden"], tags=["buddy"], sizes=["5-9"])
        item(network, sector, title="B", themes=["aantrekken"], tags=["buddy", "werving"])
        item(network, sector, title="C", themes=["aantrekken"], tags=["werving"])
        result = search(user=ondernemer, params=SearchParams())
        themes = {f.value: f.count for f in result.facets["theme"]}
        assert themes["aantrekken"] == 2 and themes["behouden"] == 1
        tags = {f.value: f.count for f in result.facets["tag"]}
        assert tags == {"buddy": 2, "werving": 2}
        assert titles(ondernemer, themes=["aantrekken"], tags=["buddy"]) == ["B"]
        assert titles(ondernemer, sizes=["5-9"]) == ["A"]
        assert titles(ondernemer, sectors=[sector.slug], sort="new")[0] == "C"

    def test_htmx_gets_the_results_part_and_the_url_keeps_the_search(
        self, client, network, sector, ondernemer
    ):
        item(network, sector, title="Buddy systeem")
        client.force_login(ondernemer)
        url = reverse("kennisbank:search")
        full = client.get(url, {"q": "buddy", "thema": "behouden"})
        assert "<form" in full.content.decode() and 'value="buddy"' in full.content.decode()
        part = client.get(url, {"q": "buddy"}, HTTP_HX_REQUEST="true").content.decode()
        assert (
            part.lstrip().startswith('<div id="results"') and "<mark>Buddy</mark> systeem" in part
        )

    def test_query_count_does_not_grow_with_items(self, client, network, sector, ondernemer):
        client.force_login(ondernemer)
        url = reverse("kennisbank:search")

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, {"q": "oplossing"}).status_code == 200
            return len(captured)

        for n in range(3):
            item(network, sector, title=f"Oplossing {n}", tags=[f"tag{n}"])
        few = queries()
        for n in range(3, 30):
            item(network, sector, title=f"Oplossing {n}", tags=[f"tag{n}"])
        assert queries() == few


class TestWhoSeesWhat:
    def test_published_for_members_public_for_everyone_drafts_for_writers(
        self, client, network, sector, ondernemer, facilitator, other_ondernemer
    ):
        published = item(network, sector, title="Gepubliceerd")
        public = item(network, sector, title="Openbaar", is_public=True)
        draft = item(network, sector, title="Concept", publish=False)
        detail = lambda s: reverse("kennisbank:detail_short", args=[s.pk])  # noqa: E731

        assert client.get(detail(published)).status_code == 404  # not logged in
        assert client.get(detail(public), follow=True).status_code == 200
        assert titles(client_user(), q="") == ["Openbaar"]

        client.force_login(ondernemer)
        assert client.get(detail(published), follow=True).status_code == 200
        assert client.get(detail(draft)).status_code == 404  # drafts are not for ondernemers

        client.force_login(facilitator)
        assert client.get(detail(draft)).status_code == 200

        # A member of a network that does not share its kennisbank sees only public items.
        other = other_ondernemer.memberships.get().network
        other.shares_kennisbank = False
        other.save()
        client.force_login(other_ondernemer)
        assert client.get(detail(published)).status_code == 404
        assert "Openbaar" in titles(other_ondernemer)

    def test_sharing_networks_see_each_others_items(self, network, sector, other_ondernemer):
        network.shares_kennisbank = True
        network.save()
        other = other_ondernemer.memberships.get().network
        other.shares_kennisbank = True
        other.save()
        item(network, sector, title="Gedeeld")
        assert titles(other_ondernemer) == ["Gedeeld"]

    def test_write_and_moderate_pages(self, client, network, ondernemer, facilitator, coordinator):
        write, moderate = reverse("kennisbank:write"), reverse("kennisbank:moderation")
        assert client.get(write).status_code == 302  # to login
        client.force_login(ondernemer)
        assert client.get(write).status_code == 403
        assert client.get(moderate).status_code == 403
        client.force_login(facilitator)
        assert client.get(write).status_code == 200
        assert client.get(moderate).status_code == 403
        client.force_login(coordinator)
        assert client.get(moderate).status_code == 200

    def test_only_coordinators_publish(self, client, network, sector, facilitator, coordinator):
        draft = item(network, sector, publish=False)
        url = reverse("kennisbank:status", args=[draft.pk, "publiceren"])
        client.force_login(facilitator)
        assert client.post(url).status_code == 404
        draft.refresh_from_db()
        assert draft.status == Solution.Status.DRAFT
        client.force_login(coordinator)
        client.post(url)
        draft.refresh_from_db()
        assert draft.status == Solution.Status.PUBLISHED

    def test_useful_once_per_person(self, client, network, sector, ondernemer):
        solution = item(network, sector)
        client.force_login(ondernemer)
        url = reverse("kennisbank:useful", args=[solution.pk])
        client.post(url)
        client.post(url)  # a double click
        solution.refresh_from_db()
        assert solution.useful_count == 1
        client.post(url, {"useful": "0"})
        solution.refresh_from_db()
        assert solution.useful_count == 0


def client_user():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


class TestModerationAndPrivacy:
    def test_privacy_check_finds_what_points_to_a_person(self):
        found = privacy_warnings(
            "Mail piet@bouw.nl of bel 06-12345678, postcode 3811 AB, rekening NL91ABNA0417164300."
            " Henk Hendriks van Hendriks Bouw vertelde het.",
            people=["Henk Hendriks"],
            firms=["Hendriks Bouw"],
        )
        kinds = {w.kind for w in found}
        assert kinds == {"email", "phone", "postcode", "iban", "person", "firm"}
        assert privacy_warnings("Een buddy voor elke nieuwe monteur, 10 tot 19 medewerkers.") == []

    def test_publishing_with_a_warning_needs_confirmation(self, network, sector, coordinator):
        firm = OrganisationFactory(name="Smit Installatie")
        member(network, Role.ONDERNEMER, full_name="Linda Smit", organisation=firm)
        draft = item(
            network, sector, publish=False, body="Linda vertelde hoe Smit Installatie het deed."
        )
        with pytest.raises(ValidationError, match="Linda"):
            services.solution_publish(solution=draft, user=coordinator)
        services.solution_publish(solution=draft, user=coordinator, privacy_confirmed=True)
        draft.refresh_from_db()
        assert draft.status == Solution.Status.PUBLISHED
        actions = list(Revision.objects.filter(solution=draft).values_list("action", flat=True))
        assert actions == ["published", "created"]

    def test_contact_only_with_consent(self, client, network, sector, ondernemer):
        expert = member(
            network, Role.ONDERNEMER, full_name="Karin Bakker", email="karin@example.nl"
        )
        solution = item(network, sector, contact=expert)
        client.force_login(ondernemer)
        url = reverse("kennisbank:detail", args=[solution.pk, solution.slug])
        assert "karin@example.nl" not in client.get(url).content.decode()
        Consent.objects.create(user=expert, kind=Consent.Kind.SHARE_CONTACT, granted=True)
        assert "karin@example.nl" in client.get(url).content.decode()
        Consent.objects.create(user=expert, kind=Consent.Kind.SHARE_CONTACT, granted=False)
        assert "karin@example.nl" not in client.get(url).content.decode()

    def test_items_not_reviewed_for_a_year_are_flagged(self, network, sector, coordinator):
        old = item(network, sector, title="Oud")
        item(network, sector, title="Vers")
        Solution.objects.filter(pk=old.pk).update(reviewed_at=timezone.now() - timedelta(days=400))
        overview = moderation_overview(user=coordinator)
        assert [s.title for s in overview.needs_review] == ["Oud"]
        services.solution_mark_reviewed(solution=old, user=coordinator)
        assert moderation_overview(user=coordinator).needs_review == []

    def test_promoted_session_tip_becomes_one_draft_without_names(
        self, session, facilitator, ondernemer
    ):
        live_start(session=session)
        capture = Capture.objects.create(
            session=session,
            kind=Capture.Kind.TIP,
            text="Laat de buddy meerijden.",
            person=ondernemer,
        )
        capture_promote(capture=capture)
        capture_promote(capture=capture)  # twice: still one draft
        draft = Solution.objects.get()
        assert draft.status == Solution.Status.DRAFT and draft.network == session.network
        assert draft.source_sector == session.sector and draft.source_quarter.startswith("20")
        assert draft.contact is None and ondernemer.full_name not in draft.body


class TestBadInput:
    def test_long_title_and_huge_body_get_dutch_errors_and_keep_the_text(
        self, client, network, sector, facilitator
    ):
        client.force_login(facilitator)
        data = {
            "title": "T" * 10_000,
            "summary": "Samenvatting",
            "body": "x" * 1_000_000,
            "sectors": [sector.pk],
        }
        response = client.post(reverse("kennisbank:write"), data)
        assert response.status_code == 422
        html = response.content.decode()
        assert "De titel is hoogstens 200 tekens" in html
        assert "De tekst is hoogstens 20000 tekens" in html
        assert 'value="Samenvatting"' in html
        assert not Solution.objects.exists()

    def test_html_and_script_are_neutralised(self, client, network, sector, ondernemer):
        solution = item(
            network,
            sector,
            title="<script>alert(1)</script>",
            summary='<img src=x onerror="alert(1)">',
            body="Hallo <script>alert(2)</script> [klik](javascript:alert(3)) **vet**",
        )
        client.force_login(ondernemer)
        html = client.get(reverse("kennisbank:detail_short", args=[solution.pk]), follow=True)
        text = html.content.decode()
        assert "<script>alert" not in text and "<img src=x" not in text  # text, not markup
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
        assert "javascript:" not in text and "<strong>vet</strong>" in text
        assert "<script" not in render_markdown("<script>x</script>")

    def test_other_network_writer_cannot_edit(self, client, network, sector):
        solution = item(network, sector, publish=False)
        stranger = member(NetworkFactory(), Role.FACILITATOR)
        client.force_login(stranger)
        assert client.get(reverse("kennisbank:edit", args=[solution.pk])).status_code == 404


def test_privacy_check_lists_each_hit_once():
    """The same address in title, summary and body was listed three times."""
    text = "Mail jan@firma.nl\nMail jan@firma.nl\nNogmaals jan@firma.nl, bel Jan de Vries"
    found = privacy_warnings(text, people=["Jan de Vries"])
    assert [w.kind for w in found] == ["email", "person"], [w.message for w in found]


@pytest.mark.django_db
def test_item_history_names_fields_in_dutch():
    from kennisbank.models import Revision

    revision = Revision(action="edited", fields=["title", "summary", "body", "gone"])
    labels = revision.field_labels()
    assert labels[0] == "titel" and labels[1].startswith("samenvatting") and labels[2] == "tekst"
    assert labels[3] == "gone"  # a field that no longer exists keeps its stored name
