"""Inflection of titles: Spanish gender and number, English plurals.

A title agrees with its holder: the term base stores one form ("secretario de
Gobernación") and the matcher should still find "secretaria de Gobernación", "secretarios
de Gobernación" and "secretarias de Gobernación". The rules are deliberately narrow:

* Spanish: the head noun must be a known title noun (the first word, after an optional
  determiner and "primer"/"alto"); it is inflected together with its determiner and the
  known adjectives that follow it up to the first word that is not one ("director general
  adjunto de ..."). The rest ("de Gobernación") is kept. A form whose head is followed by
  anything but a preposition ("presidente Claudia Sheinbaum": a name in apposition) is not
  inflected, and neither is a form whose determiner disagrees with its noun ("la presidente").
* English: the head noun (the last word before the first preposition, skipping postpositive
  adjectives: "Director General", "Attorney General") is pluralised if it is a known title
  noun ("Secretaries of State", "Chiefs of Staff", "Directors General"). Possessives
  ("Secretary's") need no forms: the tokenizer splits "'s" off.

Only concepts of type ``official-title`` are inflected. Generated forms keep the status,
``everywhere`` flag and note of the form they come from, carry gender and number, and have
``generated=True``; a generated form whose text equals a stored form of the same concept is
dropped (stored forms win).
"""

from __future__ import annotations

from dataclasses import replace

from glossary.model import Concept, Gender, Number, TermForm

M, F = Gender.MASCULINE, Gender.FEMININE
SG, PL = Number.SINGULAR, Number.PLURAL

Paradigm = tuple[str, str, str, str]
"""(masculine singular, feminine singular, masculine plural, feminine plural)."""


def _o(stem: str) -> Paradigm:
    return (stem + "o", stem + "a", stem + "os", stem + "as")


def _or(word: str) -> Paradigm:
    return (word, word + "a", word + "es", word + "as")


def _common(word: str, plural: str) -> Paradigm:
    return (word, word, plural, plural)


_NOUN_LIST: list[Paradigm] = [
    *(
        _o(s)
        for s in (
            "secretari", "subsecretari", "prosecretari", "comisionad", "agregad", "encargad",
            "ministr", "viceministr", "diputad", "delegad", "vocer", "consejer", "magistrad",
            "mandatari", "tesorer", "enviad", "comisari", "funcionari", "abogad",
            "apoderad", "emisari", "notari", "subdelegad", "subcomisionad",
        )
    ),
    *(
        _or(w)
        for w in (
            "director", "subdirector", "codirector", "asesor", "embajador", "procurador",
            "subprocurador", "gobernador", "senador", "coordinador", "administrador", "inspector",
            "contralor", "negociador", "observador", "relator", "auditor", "investigador",
            "regidor", "rector", "servidor", "vicegobernador", "subcoordinador", "legislador",
            "defensor", "operador", "supervisor", "interventor", "promotor", "visitador",
        )
    ),
    ("presidente", "presidenta", "presidentes", "presidentas"),
    ("vicepresidente", "vicepresidenta", "vicepresidentes", "vicepresidentas"),
    ("jefe", "jefa", "jefes", "jefas"),
    ("subjefe", "subjefa", "subjefes", "subjefas"),
    ("alcalde", "alcaldesa", "alcaldes", "alcaldesas"),
    ("juez", "jueza", "jueces", "juezas"),
    ("intendente", "intendenta", "intendentes", "intendentas"),
    _common("titular", "titulares"),
    _common("canciller", "cancilleres"),
    _common("vicecanciller", "vicecancilleres"),
    _common("cónsul", "cónsules"),
    _common("vicecónsul", "vicecónsules"),
    _common("fiscal", "fiscales"),
    _common("representante", "representantes"),
    _common("portavoz", "portavoces"),
    _common("oficial", "oficiales"),
    _common("agente", "agentes"),
    _common("comandante", "comandantes"),
    _common("gerente", "gerentes"),
    _common("edecán", "edecanes"),
    _common("vocal", "vocales"),
    _common("superintendente", "superintendentes"),
    _common("integrante", "integrantes"),
    _common("miembro", "miembros"),
    _common("síndico", "síndicos"),
]

_ADJ_LIST: list[Paradigm] = [
    *(
        _o(s)
        for s in (
            "adjunt", "ejecutiv", "interin", "altern", "técnic", "jurídic", "extraordinari",
            "plenipotenciari", "honorari", "diplomátic", "polític", "económic", "administrativ",
            "elect", "designad", "adscrit", "honorífic", "únic", "segund", "tercer", "públic",
        )
    ),
    *(
        _common(w, w + "es")
        for w in ("general", "nacional", "federal", "especial", "auxiliar", "regional",
                  "principal", "consular", "mayor", "estatal", "municipal", "internacional")
    ),
    *(_common(w, w + "s") for w in ("permanente", "suplente", "residente", "saliente", "entrante")),
]

_PRE_ADJ: dict[str, tuple[Paradigm, Gender | None, Number]] = {}
for _p in (("primer", "primera", "primeros", "primeras"), _o("alt")):
    for _i, _w in enumerate(_p):
        _PRE_ADJ.setdefault(_w, (_p, M if _i % 2 == 0 else F, SG if _i < 2 else PL))

_DETERMINERS: dict[str, tuple[Paradigm, Gender, Number]] = {}
for _p in (("el", "la", "los", "las"), ("un", "una", "unos", "unas"), ("del", "de la", "de los", "de las")):
    for _i, _w in enumerate(_p):
        if " " not in _w:
            _DETERMINERS[_w] = (_p, M if _i % 2 == 0 else F, SG if _i < 2 else PL)

DETERMINERS: dict[str, tuple[Gender, Number]] = {
    "el": (M, SG), "del": (M, SG),
    "al": (M, SG), "un": (M, SG),
    "este": (M, SG), "ese": (M, SG),
    "aquel": (M, SG), "nuestro": (M, SG),
    "los": (M, PL), "unos": (M, PL),
    "estos": (M, PL), "esos": (M, PL),
    "la": (F, SG), "una": (F, SG),
    "esta": (F, SG), "esa": (F, SG),
    "aquella": (F, SG), "nuestra": (F, SG),
    "las": (F, PL), "unas": (F, PL),
    "estas": (F, PL), "esas": (F, PL),
}
"""Spanish determiners and contractions with the gender and number a title after them must have."""


_CONJUNCTIONS = frozenset({"y", "e"})
_PREPOSITIONS = frozenset(
    {"de", "del", "para", "en", "a", "al", "ante", "por", "sin", "contra", "sobre", "con", "entre"}
)


def _index(paradigms: list[Paradigm]) -> dict[str, tuple[Paradigm, Gender | None, Number]]:
    out: dict[str, tuple[Paradigm, Gender | None, Number]] = {}
    for p in paradigms:
        common = p[0] == p[1]
        for i, w in enumerate(p):
            g = None if common else (M if i % 2 == 0 else F)
            out.setdefault(w, (p, g, SG if i < 2 else PL))
    return out


_NOUNS = _index(_NOUN_LIST)
_ADJS = _index(_ADJ_LIST)


def _slot(g: Gender, n: Number) -> int:
    return (0 if g is M else 1) + (0 if n is SG else 2)


def _shape(model: str, word: str) -> str:
    """``word`` written in the capitalisation of ``model``."""
    if len(model) > 1 and model.isupper():
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def gender_of(word: str) -> Gender | None:
    """Grammatical gender a Spanish title word, adjective or determiner shows ("secretaria"
    → feminine, "los" → masculine), or None when it shows none ("titular") or is unknown."""
    w = word.lower()
    for table in (_DETERMINERS, _NOUNS, _ADJS, _PRE_ADJ):
        hit = table.get(w)
        if hit is not None:
            return hit[1]
    return None


def number_of(word: str) -> Number | None:
    """Grammatical number a known Spanish title word, adjective or determiner shows."""
    w = word.lower()
    for table in (_DETERMINERS, _NOUNS, _ADJS, _PRE_ADJ):
        hit = table.get(w)
        if hit is not None:
            return hit[2]
    return None


def analyse(text: str) -> tuple[Gender | None, Number | None]:
    """Gender and number of a Spanish title phrase, read from its determiner, head noun and
    adjectives; ``(None, None)`` when the head is not a known title noun."""
    parsed = _parse_es(text.split())
    if parsed is None:
        return (None, None)
    return parsed[1], parsed[2]


def _parse_es(words: list[str]) -> tuple[list[tuple[int, Paradigm]], Gender | None, Number] | None:
    """Inflectable slots (word index, paradigm), gender and number, or None."""
    if not words:
        return None
    slots: list[tuple[int, Paradigm]] = []
    genders: set[Gender] = set()
    numbers: set[Number] = set()
    i = 0
    lw = words[0].lower()
    if lw in _DETERMINERS:
        p, g, n = _DETERMINERS[lw]
        slots.append((0, p))
        genders.add(g)
        numbers.add(n)
        i = 1
    while i < len(words) and words[i].lower() in _PRE_ADJ:
        p, g0, n = _PRE_ADJ[words[i].lower()]
        slots.append((i, p))
        if g0 is not None:
            genders.add(g0)
        numbers.add(n)
        i += 1
    if i >= len(words) or words[i].lower() not in _NOUNS:
        return None
    p, g0, n = _NOUNS[words[i].lower()]
    slots.append((i, p))
    if g0 is not None:
        genders.add(g0)
    numbers.add(n)
    j = i + 1
    while j < len(words):
        w = words[j].lower()
        if w in _ADJS:
            p, g0, n = _ADJS[w]
            slots.append((j, p))
            if g0 is not None:
                genders.add(g0)
            numbers.add(n)
            j += 1
        elif w in _CONJUNCTIONS and j + 1 < len(words) and words[j + 1].lower() in _ADJS:
            j += 1
        else:
            break
    if j < len(words) and words[j].lower() not in _PREPOSITIONS:
        return None  # a name or other apposition follows: not a bare title
    if len(genders) > 1 or len(numbers) > 1:
        return None  # disagreement inside the phrase ("la presidente")
    return slots, (genders.pop() if genders else None), numbers.pop()


def spanish_forms(text: str) -> list[tuple[str, Gender | None, Number]]:
    """Every gender/number variant of a Spanish title phrase, the given one included.

    "secretario de Gobernación" → secretario/secretaria/secretarios/secretarias de
    Gobernación. Variants that cannot differ in gender (no determiner, common-gender noun)
    come once with gender None. Empty when the phrase is not an inflectable title.
    """
    words = text.split()
    parsed = _parse_es(words)
    if parsed is None:
        return []
    slots = parsed[0]
    out: dict[str, tuple[Gender | None, Number]] = {}
    for g in (M, F):
        for n in (SG, PL):
            new = list(words)
            for idx, p in slots:
                new[idx] = _shape(words[idx], p[_slot(g, n)])
            t = " ".join(new)
            if t in out:
                out[t] = (None, n) if out[t][0] != g else out[t]
            else:
                out[t] = (g, n)
    return [(t, g, n) for t, (g, n) in out.items()]


# ---------------------------------------------------------------------------------------
# English

_EN_TITLE_NOUNS = frozenset(
    """secretary undersecretary under-secretary director commissioner chief president
    vice-president ambassador minister advisor adviser attaché attache chargé charge consul
    officer head governor mayor senator representative spokesperson spokesman spokeswoman
    attorney counselor counsellor envoy delegate agent inspector administrator coordinator
    commander chancellor judge justice prosecutor member official assistant deputy manager
    chair chairman chairwoman chairperson treasurer comptroller registrar aide liaison
    negotiator observer rapporteur auditor superintendent leader speaker clerk marshal
    secretary-general director-general undersecretary-general procurator ombudsman
    legislator lawmaker congressman congresswoman diplomat emissary minister-counselor
    counselor-general consul-general commissioner-general surgeon solicitor""".split()
)
_EN_POSTPOSITIVE = frozenset({"general", "extraordinary", "plenipotentiary", "designate",
                              "elect", "emeritus", "at-large", "and", "ad", "interim"})
_EN_PREPOSITIONS = frozenset({"of", "for", "to", "at", "in", "on", "with", "from", "by",
                              "against", "within", "under"})


def english_noun_plural(word: str) -> str:
    """Plural of one English noun, in the capitalisation of ``word``."""
    w = word.lower()
    if w.endswith("man") and w not in {"german", "ottoman"}:
        p = w[:-3] + "men"
    elif w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        p = w[:-1] + "ies"
    elif w.endswith(("s", "x", "z", "ch", "sh")):
        p = w + "es"
    else:
        p = w + "s"
    if len(word) > 1 and word.isupper():
        return p.upper()
    return word[:1] + p[1:] if word[:1].isupper() else p


def english_plural(text: str) -> str | None:
    """Plural of an English title phrase, or None when its head is not a known title noun.

    "Secretary of State" → "Secretaries of State"; "Chief of Staff" → "Chiefs of Staff";
    "Director General" → "Directors General"; "Homeland Security Secretary" → "Homeland
    Security Secretaries"; "Secretary-General" → "Secretaries-General".
    """
    words = text.split()
    if not words:
        return None
    p = len(words)
    for k, w in enumerate(words):
        lw = w.lower()
        if k > 0 and (lw in _EN_PREPOSITIONS or lw.startswith(("d'", "d\u2019"))):
            p = k
            break
    h = p - 1
    while h > 0 and words[h].lower() in _EN_POSTPOSITIVE:
        h -= 1
    head = words[h]
    lh = head.lower()
    if lh not in _EN_TITLE_NOUNS:
        return None
    if "-" in head:
        parts = head.split("-")
        k = 0 if parts[-1].lower() in _EN_POSTPOSITIVE else len(parts) - 1
        parts[k] = english_noun_plural(parts[k])
        plural = "-".join(parts)
    else:
        plural = english_noun_plural(head)
    return " ".join(words[:h] + [plural] + words[h + 1 :])


# ---------------------------------------------------------------------------------------


def generated_forms(concept: Concept, lang: str) -> tuple[TermForm, ...]:
    """Forms inflection adds to ``concept`` in ``lang`` (empty unless it is an official title).

    Stored forms win: a generated form whose text (case-insensitively) equals a stored form
    of the concept is left out. A deprecated or forbidden form's variants keep its status.
    When the concept names a person (``Concept.gender`` set), allowed forms give no variants
    of the other gender, and a wrong form of the other gender ("el presidente" for a woman)
    gives no variants of the person's gender (those are the right ones).
    """
    if concept.type != "official-title":
        return ()
    stored = [f for f in concept.forms if f.lang == lang]
    seen = {f.text.casefold() for f in stored}
    out: list[TermForm] = []
    for form in stored:
        if form.acronym or form.generated:
            continue
        if lang == "es":
            for text, g, n in spanish_forms(form.text):
                key = text.casefold()
                if key in seen:
                    continue
                if concept.gender is not None and g is not None:
                    if form.status.allowed and g != concept.gender:
                        continue  # a person's title: the other gender is no rendering of it
                    if (
                        not form.status.allowed
                        and g == concept.gender
                        and analyse(form.text)[0] not in (None, concept.gender)
                    ):
                        continue  # wrong only for its gender: the agreeing variant is right
                seen.add(key)
                out.append(replace(form, text=text, gender=g, number=n, generated=True))
        elif lang == "en":
            plural = english_plural(form.text)
            if plural is None or plural.casefold() in seen:
                continue
            seen.add(plural.casefold())
            out.append(replace(form, text=plural, number=PL, generated=True))
    return tuple(out)
