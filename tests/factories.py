from __future__ import annotations

import hashlib
from datetime import date, timedelta

import factory
from django.utils import timezone

from kennisbank.models import Solution, UsefulMark
from praktijktafel.models import Membership, Network, Organisation, Role, Sector, SizeClass, User
from quarterly.models import QuarterlyUpdate
from sectordata.models import Dataset, DimensionValue, Figure, Indicator, SectorCode
from sessions.models import Capture, Evaluation, Invitation, Knelpunt, Series, Session, SessionChart
from sessions.services.sessions import session_create


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Sector {n}")
    slug = factory.Sequence(lambda n: f"sector-{n}")
    sbi_codes = factory.LazyFunction(lambda: ["F"])


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Netwerk {n}")
    slug = factory.Sequence(lambda n: f"netwerk-{n}")
    kind = Network.Kind.COOPERATIE
    region = "Foodvalley"

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create:
            self.sectors.add(*(extracted or [SectorFactory()]))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Bouwbedrijf {n}")
    sector = factory.SubFactory(SectorFactory)
    size_class = SizeClass.S
    place = "Ede"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@voorbeeld.example")
    full_name = factory.Sequence(lambda n: f"Persoon {n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        if extracted:
            self.set_password(extracted)
        else:
            self.set_unusable_password()
        if create:
            self.save(update_fields=["password"])


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = Role.ONDERNEMER


def member(network: Network, role: Role, **user_fields) -> User:
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, network=network, role=role)
    return user


def session_for(network: Network, facilitator: User, *, days: int = 14, **fields) -> Session:
    start = (timezone.localtime() + timedelta(days=days)).replace(
        hour=16, minute=30, second=0, microsecond=0
    )
    defaults = {
        "sector": network.sectors.first(),
        "title": "Vakmensen vasthouden",
        "starts_at": start,
        "venue_name": "Dorpshuis",
        "address": "Dorpsstraat 1, Ede",
    }
    defaults.update(fields)
    return session_create(network=network, facilitator=facilitator, **defaults)


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    person = factory.SubFactory(UserFactory)
    status = Invitation.Status.INVITED


# The live models always belong to a session: pass `session=` (see `session_for`).


class KnelpuntFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Knelpunt

    text = factory.Sequence(lambda n: f"Knelpunt {n}")


class CaptureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capture

    kind = Capture.Kind.TIP
    text = factory.Sequence(lambda n: f"{n}: laat de buddy meerijden")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    network = factory.SubFactory(NetworkFactory)
    sector = factory.SubFactory(SectorFactory)
    title = factory.Sequence(lambda n: f"Leerlijn {n}")


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluation

    useful = 4
    come_again = "yes"


CHART_DATA = {
    "kind": "series", "key": "k", "title": "Vacatures", "indicator": "Vacatures",
    "labels": ["2024 K1", "2024 K2"], "values": [1.0, 2.0], "unit": "", "decimals": 0,
    "source": "CBS StatLine", "table_id": "T", "period_text": "2024KW01–2024KW02",
}  # fmt: skip


class SessionChartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionChart

    key = factory.Sequence(lambda n: f"k{n}")
    data = factory.LazyAttribute(lambda chart: {**CHART_DATA, "key": chart.key})


class SolutionFactory(factory.django.DjangoModelFactory):
    """A kennisbank item, written through the services as a person would (history, search
    index), published unless `publish=False`."""

    class Meta:
        model = Solution

    network = factory.SubFactory(NetworkFactory)
    title = factory.Sequence(lambda n: f"Praktijkoplossing {n}")
    summary = "Kort gezegd."
    body = ""
    themes = factory.LazyFunction(lambda: ["behouden"])
    sector_ids = factory.LazyAttribute(
        lambda o: [pk for pk in [o.network.sectors.values_list("pk", flat=True).first()] if pk]
    )
    tags = factory.LazyFunction(list)
    user = None
    publish = True

    @classmethod
    def _create(cls, model_class, *args, network, user=None, publish=True, **fields):
        from kennisbank import services as kennisbank_services

        solution = kennisbank_services.solution_create(network=network, user=user, **fields)
        if publish:
            solution = kennisbank_services.solution_publish(
                solution=solution, user=user, privacy_confirmed=True
            )
        return solution


class UsefulMarkFactory(factory.django.DjangoModelFactory):
    """'Bruikbaar' from one person, counted on the item as the service counts it."""

    class Meta:
        model = UsefulMark

    solution = factory.SubFactory(SolutionFactory)
    user = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, solution, user, **fields):
        from kennisbank import services as kennisbank_services

        kennisbank_services.useful_mark(solution=solution, user=user)
        return model_class.objects.get(solution=solution, user=user)


SBI_DIMENSION = "BedrijfstakkenBranchesSBI2008"


class DatasetFactory(factory.django.DjangoModelFactory):
    """A current table with one dimension (SBI sectors), as a CBS import leaves it."""

    class Meta:
        model = Dataset

    table_id = factory.Sequence(lambda n: f"{80000 + n}NED")
    title = factory.Sequence(lambda n: f"Tabel {n}")
    source = "CBS StatLine"
    publisher = "Centraal Bureau voor de Statistiek"
    licence = "CC BY 4.0, bron: CBS"
    file_hash = factory.Sequence(lambda n: hashlib.sha256(f"dataset-{n}".encode()).hexdigest())
    dimensions = factory.LazyFunction(lambda: [SBI_DIMENSION])
    is_current = True


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    dataset = factory.SubFactory(DatasetFactory)
    code = factory.Sequence(lambda n: f"Onderwerp_{n}")
    title = factory.Sequence(lambda n: f"Onderwerp {n}")
    unit = ""
    decimals = 0


class DimensionValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DimensionValue

    dataset = factory.SubFactory(DatasetFactory)
    dimension = SBI_DIMENSION
    code = "301000"
    label = "F Bouwnijverheid"
    kind = DimensionValue.Kind.SECTOR
    sbi_code = "F"


class FigureFactory(factory.django.DjangoModelFactory):
    """One quarterly figure of an indicator for one dimension value of the same table."""

    class Meta:
        model = Figure

    indicator = factory.SubFactory(IndicatorFactory)
    dataset = factory.SelfAttribute("indicator.dataset")
    dim1 = factory.SubFactory(DimensionValueFactory, dataset=factory.SelfAttribute("..dataset"))
    period = "2023KW03"
    period_kind = Figure.PeriodKind.QUARTER
    period_start = date(2023, 7, 1)
    value = 1.0


class SectorCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SectorCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{300000 + n}")
    sector = factory.SubFactory(SectorFactory)


class QuarterlyUpdateFactory(factory.django.DjangoModelFactory):
    """A made quarterly update (READY, with a stand-in PDF); pass `network=`."""

    class Meta:
        model = QuarterlyUpdate

    year = factory.Sequence(lambda n: 2000 + n)
    quarter = 1
    status = QuarterlyUpdate.Status.READY
    pdf = b"%PDF-"
