"""The starter and action question library, in our own words, in the spirit of the report's
Kader 2 and 3. Coordinators edit and extend it (Django admin)."""

from django.db import migrations

START = [
    ("Als je één ding aan de arbeidsmarkt mocht veranderen, wat zou dat zijn?", ""),
    ("Waar loop je als werkgever op dit moment het meest tegenaan?", ""),
    ("Hoe ziet voor jou de ideale vakman of vakvrouw eruit?", "aantrekken"),
    ("Welke personeelsvraag speelt er deze weken bij jou?", ""),
    ("Waar ben je trots op als het gaat om hoe jij met je mensen omgaat?", "behouden"),
    ("Wat zou je morgen regelen voor je team als geld en tijd geen rol speelden?", ""),
    ("Welke klus rond personeel blijft bij jou steeds liggen?", ""),
    ("Wat heb jij ooit geleerd van een van je medewerkers?", "ontwikkelen"),
    ("Welke tip zou je een collega geven om goede mensen vast te houden?", "behouden"),
    ("Wat is het slimste dat je een ander bedrijf zag doen om mensen te binden?", "behouden"),
    ("Wat betekent goed werkgeverschap voor jou, in één zin?", ""),
    ("Wat doet een concurrent beter dan jij als werkgever?", "aantrekken"),
    ("Hoe houd jij je oudere vakmensen fit en met plezier aan het werk?", "vitaliseren"),
    ("Hoe kwam je laatste nieuwe medewerker bij je binnen?", "aantrekken"),
]
ACTION = [
    ("Welke eerste stap zet jij deze week?", ""),
    ("Wat neem je vandaag mee naar je team of je bedrijf?", ""),
    ("Welk inzicht van vandaag ga je meteen gebruiken?", ""),
    ("Met wie ga je hier deze week nog over praten?", ""),
    ("Wat ga je vanaf nu anders doen?", ""),
    ("Welke afspraak maak je met jezelf voor de komende maand?", ""),
    ("Wat kun je morgen al uitproberen, klein of groot?", ""),
    ("Wat zette je vandaag aan het denken, en wat doe je ermee?", ""),
    ("Welke tip uit de groep ga jij zelf proberen?", ""),
    ("Wat wil je anders doen in hoe je je mensen begeleidt?", "ontwikkelen"),
    ("Wat wil je direct delen met een collega-ondernemer?", ""),
]


def load(apps, schema_editor):
    Question = apps.get_model("tafels", "Question")
    for kind, rows in (("start", START), ("action", ACTION)):
        for text, theme in rows:
            Question.objects.get_or_create(kind=kind, text=text, network=None,
                                           defaults={"theme": theme})


def unload(apps, schema_editor):
    Question = apps.get_model("tafels", "Question")
    texts = [text for text, _theme in START + ACTION]
    Question.objects.filter(network=None, text__in=texts).delete()


class Migration(migrations.Migration):
    dependencies = [("tafels", "0004_live_console")]
    operations = [migrations.RunPython(load, unload)]
