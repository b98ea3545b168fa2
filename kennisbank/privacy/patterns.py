"""What points to a person without a name: contact details (email, phone, street address,
postcode, bank account, a nine-digit number, a profile link) and health or absence wording,
each as one regular expression."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(
    r"(?<![\d+])(?:"
    r"(?:\+31|0031)[\s-]?(?:\(0\)[\s-]?)?(?:\d[\s-]?){8}\d"  # +31 6 12345678, +31 (0)20 ...
    r"|\(0\d{1,3}\)[\s-]?(?:\d[\s-]?){5,7}\d"  # (020) 123 45 67, (06) 12345678
    r"|0(?:\d[\s-]?){8}\d"  # 06-12345678, 020 1234567
    r")(?!\d)"
)
POSTCODE = re.compile(r"\b[1-9]\d{3}\s?(?!SA|SD|SS)[A-Z]{2}\b")
IBAN = re.compile(r"\bNL\d{2}\s?[A-Z]{4}(\s?\d{2,4}){3,4}\b", re.IGNORECASE)
# Any country's IBAN, counted only when its check digits add up (few words look like one).
IBAN_ANY = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?\d{1,3})?\b")
BSN = re.compile(r"(?<![\d.,])\d{9}(?![\d.,])")
PROFILE = re.compile(r"(linkedin\.com/in/|facebook\.com/|instagram\.com/)\S+", re.IGNORECASE)
# A street and a house number: 'Dorpsstraat 12a', 'Hoofdweg 3-5'. Not a distance, a time or
# a count ('de snelweg 30 minuten', 'arbeidsmarkt 2024': a house number has 1-3 digits).
STREET = re.compile(
    r"(?<!\w)[^\W\d_][\w'.-]*?"
    r"(?:straat|weg|laan|plein|singel|gracht|kade|dijk|steeg|dreef|hof|markt|pad|baan|wal"
    r"|plantsoen|erf|park)"
    r"\s+\d{1,3}(?:\s?[a-zA-Z](?!\w)|-\d{1,3})?(?!\d|[,.]\d|\s*(?:km|kilometer|m|meter|min"
    r"|minuten|uur|kwartier|%|procent|euro|jaar|maanden|weken|dagen|man|mensen|medewerkers"
    r"|monteurs|leerlingen|keer)\b)",
    re.IGNORECASE,
)

# Health and absence, in their inflections and compounds ('ziekmelding', 'rugklachten',
# 'burnout'); each part matches a whole word. 'operatie' only on its own or after a body part,
# never inside 'coöperatie'.
_BODY = r"(?:rug|nek|knie|schouder|hoofd|buik|spier|gewrichts|hart|maag|heup|enkel|pols|arm|been)"
HEALTH = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        [
            r"\w*ziek\w*",
            r"\w*burn[-\s]?outs?",
            r"\w*overspann\w*",
            r"opgebrand\w*",
            r"\w*" + _BODY + r"(?:klacht|pijn|probleem|problemen|blessure|letsel)\w*",
            r"\w*gezondheids(?:klacht|probleem|problemen)\w*",
            r"(?:psychische|lichamelijke|mentale)\s+(?:klachten|klacht|problemen|gezondheid)",
            r"pijn",
            r"\w*blessure\w*",
            r"uitgevallen",
            r"lappenmand",
            r"\w*zwanger\w*",
            r"bevall\w*",
            r"\w*depressi\w*",
            r"psycholo\w*",
            r"psychiat\w*",
            r"psychose\w*",
            r"\w*hernia\w*",
            r"(?:\w*" + _BODY + r")?operaties?",
            r"geopereerd",
            r"\w*kanker\w*",
            r"chemo\w*",
            r"\w*diabet\w*",
            r"\w*hartaanval\w*",
            r"\w*infarct\w*",
            r"beroerte",
            r"\w*tumor\w*",
            r"arbeidsongeschikt\w*",
            r"wia",
            r"wao",
            r"re-?[iï]ntegr\w*",
            r"\w*verslav\w*",
            r"\w*verslaafd\w*",
            r"overled\w*",
            r"overlijd\w*",
            r"dementie",
            r"adhd",
            r"autis\w*",
            r"dyslex\w*",
            r"medicijn\w*",
            r"medicatie",
            r"fysio\w*",
            r"\w*therapie\w*",
            r"revalid\w*",
            r"huisarts\w*",
        ]
    )
    + r")(?!\w)",
    re.IGNORECASE,
)

# Words about sick leave or health care as a topic, not about someone: 'ziekteverzuim
# bespreekbaar maken', 'een collectieve ziektekostenverzekering'. A name next to them is held.
HEALTH_TOPICS = ("ziekteverzuim", "ziektekosten")
