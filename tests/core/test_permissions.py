"""The permission helper: each persona gets exactly what its role allows, nothing more."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from praktijktafel.models import Role
from praktijktafel.permissions import Perm, has_perm, network_ids_with
from tests.factories import MembershipFactory


@pytest.mark.django_db
def test_coordinator_manages_own_network_only(coordinator, network, other_network):
    assert has_perm(coordinator, Perm.NETWORK_MANAGE, network)
    assert has_perm(coordinator, Perm.KENNISBANK_MODERATE, network)
    assert has_perm(coordinator, Perm.QUARTERLY_EXPORT, network)
    assert not has_perm(coordinator, Perm.NETWORK_MANAGE, other_network)
    assert not has_perm(coordinator, Perm.QUARTERLY_EXPORT, other_network)


@pytest.mark.django_db
def test_facilitator_plans_but_does_not_manage(facilitator, network):
    assert has_perm(facilitator, Perm.SESSION_CREATE, network)
    assert has_perm(facilitator, Perm.NETWORK_VIEW, network)
    assert not has_perm(facilitator, Perm.NETWORK_MANAGE, network)
    assert not has_perm(facilitator, Perm.KENNISBANK_MODERATE, network)


@pytest.mark.django_db
def test_ondernemer_reads_kennisbank_and_nothing_else(ondernemer, network):
    assert has_perm(ondernemer, Perm.KENNISBANK_READ, network)
    for perm in (
        Perm.NETWORK_VIEW,
        Perm.SESSION_CREATE,
        Perm.KENNISBANK_WRITE,
        Perm.KENNISBANK_MODERATE,
        Perm.SECTORDATA_IMPORT,
    ):
        assert not has_perm(ondernemer, perm, network), perm


@pytest.mark.django_db
def test_kennisbank_not_readable_when_network_does_not_share_it(ondernemer, network):
    network.shares_kennisbank = False
    network.save()
    assert not has_perm(ondernemer, Perm.KENNISBANK_READ, network)


@pytest.mark.django_db
def test_member_of_other_network_gets_nothing_here(other_ondernemer, network):
    shared = {Perm.SECTORDATA_VIEW}  # sector figures are public to every member
    for perm in set(Perm) - shared:
        assert not has_perm(other_ondernemer, perm, network), perm


@pytest.mark.django_db
def test_sector_figures_for_members_only(ondernemer, django_user_model):
    outsider = django_user_model.objects.create_user(email="buiten@example.org")
    assert has_perm(ondernemer, Perm.SECTORDATA_VIEW)
    assert not has_perm(outsider, Perm.SECTORDATA_VIEW)


@pytest.mark.django_db
def test_only_coordinators_import_sector_data(coordinator, facilitator, ondernemer):
    assert has_perm(coordinator, Perm.SECTORDATA_IMPORT)
    assert not has_perm(facilitator, Perm.SECTORDATA_IMPORT)
    assert not has_perm(ondernemer, Perm.SECTORDATA_IMPORT)


@pytest.mark.django_db
def test_the_session_team(session, facilitator, coordinator, kennisexpert):
    assert has_perm(facilitator, Perm.SESSION_EDIT, session)
    assert has_perm(coordinator, Perm.SESSION_EDIT, session)
    assert has_perm(kennisexpert, Perm.SESSION_VIEW, session)
    assert not has_perm(kennisexpert, Perm.SESSION_EDIT, session)


@pytest.mark.django_db
def test_outsiders(session, other_facilitator, ondernemer, other_coordinator):
    for user in (other_facilitator, ondernemer, other_coordinator):
        assert not has_perm(user, Perm.SESSION_VIEW, session), user
        assert not has_perm(user, Perm.SESSION_EDIT, session), user


@pytest.mark.django_db
def test_handover_gives_the_new_facilitator_access(session, other_facilitator):
    session.facilitator = other_facilitator
    session.save()
    assert has_perm(other_facilitator, Perm.SESSION_EDIT, session)


@pytest.mark.django_db
def test_anonymous_gets_nothing(network, session):
    anonymous = AnonymousUser()
    for perm in Perm:
        assert not has_perm(anonymous, perm, network)
        assert not has_perm(anonymous, perm, session)


@pytest.mark.django_db
def test_unknown_permission_is_denied(coordinator, network):
    assert not has_perm(coordinator, "network.destroy", network)


@pytest.mark.django_db
def test_inactive_user_gets_nothing(coordinator, network):
    coordinator.is_active = False
    assert not has_perm(coordinator, Perm.NETWORK_MANAGE, network)


@pytest.mark.django_db
def test_superuser_may_do_everything(staff, network):
    assert has_perm(staff, Perm.NETWORK_MANAGE, network)


@pytest.mark.django_db
def test_plain_staff_has_no_app_rights(network):
    from tests.factories import UserFactory

    clerk = UserFactory(is_staff=True)
    assert not has_perm(clerk, Perm.NETWORK_VIEW, network)


@pytest.mark.django_db
def test_roles_are_read_in_one_query(
    django_assert_num_queries, coordinator, network, other_network
):
    MembershipFactory(user=coordinator, network=other_network, role=Role.FACILITATOR)
    with django_assert_num_queries(1):
        assert has_perm(coordinator, Perm.NETWORK_MANAGE, network)
        assert has_perm(coordinator, Perm.SESSION_CREATE, other_network)
        assert not has_perm(coordinator, Perm.NETWORK_MANAGE, other_network)
    assert network_ids_with(coordinator, Role.COORDINATOR) == [network.pk]


@pytest.mark.django_db
def test_a_facilitator_removed_from_the_network_loses_the_session(
    client, network, facilitator, session
):
    assert has_perm(facilitator, Perm.SESSION_EDIT, session)
    facilitator.memberships.filter(network=network).delete()
    facilitator = type(facilitator).objects.get(pk=facilitator.pk)  # no cached roles
    assert not has_perm(facilitator, Perm.SESSION_VIEW, session)
    assert not has_perm(facilitator, Perm.SESSION_EDIT, session)
    client.force_login(facilitator)
    assert client.get(f"/sessie/{session.pk}/").status_code == 404
    response = client.post(f"/sessie/{session.pk}/uitnodigen/", {"new_people": "x@example.org"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_home_page_of_a_demoted_facilitator_lists_no_sessions_to_run(client, session, network):
    """A facilitator made an ondernemer no longer sees the sessions they ran on their home
    page (the links would lead nowhere, and the titles are the team's business)."""
    from django.urls import reverse

    from praktijktafel.models import Membership

    facilitator = session.facilitator
    client.force_login(facilitator)
    assert session.title in client.get(reverse("home")).text
    Membership.objects.filter(user=facilitator, network=network).update(role=Role.ONDERNEMER)
    page = client.get(reverse("home")).text
    assert session.title not in page
    assert reverse("sessions:live", args=[session.pk]) not in page


@pytest.mark.django_db
def test_the_session_page_leads_a_kennisexpert_nowhere_they_may_not_go(client, session, network):
    """A kennisexpert may read the session but not the network's dashboard or series pages:
    the page offers no link to them (it led to a 404)."""
    from django.urls import reverse

    client.force_login(session.kennisexpert)
    page = client.get(reverse("sessions:detail", args=[session.pk])).text
    assert reverse("sessions:dashboard", args=[network.slug]) not in page
    client.force_login(session.facilitator)
    page = client.get(reverse("sessions:detail", args=[session.pk])).text
    assert reverse("sessions:dashboard", args=[network.slug]) in page


@pytest.mark.django_db
def test_a_session_can_be_handed_to_whoever_may_run_one(session, coordinator):
    """Planning, handing over and the session's access follow one rule: a coordinator may run
    a session, so a session can be handed to one."""
    from sessions.selectors.sessions import network_facilitators
    from sessions.services.sessions import session_handover

    assert coordinator in network_facilitators(network_id=session.network_id)
    session_handover(session=session, to=coordinator)
    session.refresh_from_db()
    assert session.facilitator == coordinator
