"""Translation suggestions: the Spanish counterpart of English terms, from aligned segments.

Pure: segments and concepts in, suggestions out. For each English term (a candidate of
``glossary.extract`` without a translation, or a term given by the caller) every Spanish
span of the segments it occurs in is scored, and the best one is proposed:

* **lexical** (weight 0.40): how well the content words of the two sides translate each
  other, both ways — identical words, cognates ("Migration"/"Migración"), a small lexicon
  of government vocabulary, and word pairs learned from the term base's own translated
  concepts ("Homeland"/"Nacional" from the DHS entries);
* **known parts** (0.20): known concepts inside the English term ("Ministry of the
  Interior") should be rendered in the span by one of their allowed Spanish forms
  ("Secretaría de Gobernación"); a known Spanish concept in the span that the English term
  does not name counts against it;
* **position** (0.15) of the span in its segment against that of the term in the source;
* **length** (0.10): Spanish spans run 0.8-2 times the English word count;
* **co-occurrence** (0.10): Dice over segments, 2·|E∩S| / (|E|+|S|);
* **capitalisation** (0.05): a body starts capitalised, a title with a title head.

Names and acronyms found unchanged on the Spanish side are proposed as they are, and an
acronym defined in parentheses on both sides ("(CBP)") ties a long form to its span.
A title that runs on into a name ("Secretary of Economy Marcelo Ebrard") is cut where the
name appears unchanged on the Spanish side. ``confidence`` is the score, lowered when the
runner-up is close; ``evidence`` says which signals carried it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from glossary.extract import TITLE_HEADS, BODY_HEADS, TermCandidate, extract
from glossary.model import Concept, Reference, Segment

if TYPE_CHECKING:
    from glossary.matcher import TermIndex

__all__ = [
    "CORE_LEXICON",
    "SUGGEST_COMMENT",
    "Suggestion",
    "learn_lexicon",
    "suggest",
    "suggestion_concepts",
]

CORE_LEXICON: tuple[tuple[str, str], ...] = (
    ("ministry", "secretaría"), ("ministry", "ministerio"), ("secretariat", "secretaría"),
    ("secretary", "secretario"), ("secretary", "secretaria"), ("department", "departamento"),
    ("office", "oficina"), ("bureau", "oficina"), ("agency", "agencia"), ("service", "servicio"),
    ("unit", "unidad"), ("deputy", "sub"), ("under", "sub"), ("vice", "vice"), ("chief", "jefe"),
    ("chief", "jefa"), ("head", "titular"), ("head", "jefe"), ("advisor", "asesor"),
    ("adviser", "asesor"), ("attaché", "agregado"), ("attache", "agregado"), ("chargé", "encargado"),
    ("affairs", "negocios"), ("foreign", "exteriores"), ("affairs", "relaciones"),
    ("state", "estado"), ("government", "gobierno"), ("justice", "justicia"),
    ("defense", "defensa"), ("defence", "defensa"), ("guard", "guardia"), ("army", "ejército"),
    ("navy", "marina"), ("attorney", "fiscal"), ("attorney", "fiscalía"), ("prosecutor", "fiscal"),
    ("general", "general"), ("general's", "general"), ("border", "fronteriza"), ("border", "frontera"),
    ("customs", "aduanas"), ("protection", "protección"), ("enforcement", "control"),
    ("security", "seguridad"), ("homeland", "nacional"), ("public", "pública"),
    ("citizen", "ciudadana"), ("human", "humanos"), ("rights", "derechos"),
    ("economy", "economía"), ("finance", "hacienda"), ("treasury", "tesoro"), ("trade", "comercio"),
    ("health", "salud"), ("labor", "trabajo"), ("energy", "energía"), ("welfare", "bienestar"),
    ("investigation", "investigación"), ("investigations", "investigaciones"),
    ("drug", "drogas"), ("drugs", "drogas"), ("administration", "administración"),
    ("embassy", "embajada"), ("ambassador", "embajador"), ("consulate", "consulado"),
    ("president", "presidente"), ("president", "presidenta"), ("director", "director"),
    ("commissioner", "comisionado"), ("staff", "oficina"), ("north", "norte"), ("american", "américa"),
    ("federal", "federal"), ("national", "nacional"), ("institute", "instituto"),
    ("attorney", "procuraduría"), ("interior", "gobernación"), ("citizen", "ciudadano"),
    ("relations", "relaciones"), ("immigration", "inmigración"), ("migration", "migración"),
    ("united", "unidos"), ("states", "estados"), ("u.s", "estados"), ("u.s", "unidos"),
    ("us", "estados"), ("us", "unidos"), ("mexican", "méxico"), ("american", "estadounidense"),
)
"""Generic government vocabulary, English to Spanish (prefix pairs "deputy"/"sub" match a
Spanish word starting with "sub")."""

_EN_FUNCTION = frozenset("of the for to and & on in at a an by with without".split())
_ES_FUNCTION = frozenset("de del la las los el y e para en a al por con sin".split())
_EN_AND = re.compile(r"(?:\band\b|&|,)", re.I)
_ES_AND = re.compile(r"(?:\b[ye]\b|&|,)", re.I)
_MAX_SCORED = 20
_SPLIT_PREFIXES_EN = ("under", "deputy", "vice")
_SPLIT_PREFIXES_ES = ("sub", "vice")
_WORD_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*\.?|(?:[^\W\d_]\.){2,}", re.UNICODE)
_STOP_PUNCT = re.compile(r"[;:()\[\]\"“”«».!?]")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed Spanish counterpart of an English term.

    ``concept_id`` is set when the term is a known concept without a translation.
    ``alternatives`` lists the runners-up with their scores.
    """

    source: str
    target: str
    confidence: float
    evidence: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    concept_id: str = ""
    kind: str = "other"
    acronyms: tuple[str, ...] = ()
    alternatives: tuple[tuple[str, float], ...] = field(default=())


# --------------------------------------------------------------------------- words


def _fold(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(c for c in w if not unicodedata.combining(c)).strip(".")


_EN_BODY_HEADS = frozenset(_fold(w) for w in BODY_HEADS["en"])
_ES_BODY_HEADS = frozenset(_fold(w) for w in BODY_HEADS["es"])


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


@lru_cache(maxsize=65536)
def _content(text: str, lang: str) -> tuple[str, ...]:
    func = _EN_FUNCTION if lang == "en" else _ES_FUNCTION
    out: list[str] = []
    for w, _s, _e in _words(text):
        f = _fold(w)
        if f in func or not f:
            continue
        prefixes = _SPLIT_PREFIXES_EN if lang == "en" else _SPLIT_PREFIXES_ES
        for p in prefixes:
            rest = f[len(p):].lstrip("-")
            if f.startswith(p) and len(rest) >= 5:
                out.extend((p, rest))
                break
        else:
            out.append(f)
    return tuple(out)


@lru_cache(maxsize=65536)
def _cognate(a: str, b: str) -> float:
    """Similarity of two folded words as cognates (0..1)."""
    if a == b:
        return 1.0
    if len(a) < 3 or len(b) < 3:
        return 0.0
    p = 0
    for x, y in zip(a, b):
        if x != y:
            break
        p += 1
    if p >= 5 or (p >= 4 and min(len(a), len(b)) <= 7):
        return 0.85
    r = difflib.SequenceMatcher(None, a, b).ratio()
    return r if r >= 0.72 else 0.0


class _Lexicon:
    """Word pairs with weights: the core lexicon plus pairs learned from the term base."""

    def __init__(self, pairs: Iterable[tuple[str, str, float]]) -> None:
        self.pairs: dict[str, dict[str, float]] = {}
        for en, es, w in pairs:
            d = self.pairs.setdefault(_fold(en), {})
            k = _fold(es)
            d[k] = max(d.get(k, 0.0), w)

    def score(self, en: str, es: str) -> float:
        best = _cognate(en, es)
        d = self.pairs.get(en)
        if d:
            best = max(best, d.get(es, 0.0))
        return best


def learn_lexicon(concepts: Iterable[Concept], target_lang: str = "es") -> tuple[tuple[str, str, float], ...]:
    """Word pairs learned from translated concepts: content words of the English and the
    target preferred forms, paired by Dice over concepts (>= 0.5, seen together at least
    twice), weighted by their Dice coefficient."""
    en_count: dict[str, int] = {}
    es_count: dict[str, int] = {}
    both: dict[tuple[str, str], int] = {}
    for c in concepts:
        en = c.preferred("en")
        es = c.preferred(target_lang)
        if en is None or es is None or c.obsolete or c.do_not_translate:
            continue
        ew = set(_content(en.text, "en"))
        sw = set(_content(es.text, "es"))
        for w in ew:
            en_count[w] = en_count.get(w, 0) + 1
        for w in sw:
            es_count[w] = es_count.get(w, 0) + 1
        for a in ew:
            for b in sw:
                both[(a, b)] = both.get((a, b), 0) + 1
    out: list[tuple[str, str, float]] = []
    for (a, b), n in both.items():
        if n < 2:
            continue
        d = 2 * n / (en_count[a] + es_count[b])
        if d >= 0.5:
            out.append((a, b, round(d, 3)))
    return tuple(sorted(out))


def _lexical(en_words: Sequence[str], es_words: Sequence[str], lex: _Lexicon,
             free_head: bool = False) -> tuple[float, list[str]]:
    """Harmonic mean of the two coverages, and the matched pairs.

    In a short term (up to three content words), one English and one Spanish word left
    unmatched are taken as each other's translation at 0.6 ("Shared"/"compartida",
    "City"/"Ciudad").
    With ``free_head``, a leading Spanish body noun nobody matched ("*Servicio* de
    Inmigración y Control de Aduanas") does not count against the span."""
    if not en_words or not es_words:
        return 0.0, []
    pairs: list[str] = []
    total_e = 0.0
    left_e = 0
    for e in en_words:
        best, who = 0.0, ""
        for s in es_words:
            v = lex.score(e, s)
            if v > best:
                best, who = v, s
        if best >= 0.5:
            total_e += best
            if who and e != who:
                pairs.append(f"{e}~{who}")
        else:
            left_e += 1
    total_s = 0.0
    left_s = 0
    n_s = len(es_words)
    for k, s in enumerate(es_words):
        best = max(lex.score(e, s) for e in en_words)
        if best >= 0.5:
            total_s += best
        elif k == 0 and free_head and s in _ES_BODY_HEADS:
            n_s -= 1
        else:
            left_s += 1
    if left_e == 1 and left_s == 1 and len(en_words) <= 3:
        total_e += 0.6
        total_s += 0.6
        pairs.append("one word left on each side")
    ce, cs = total_e / len(en_words), total_s / max(1, n_s)
    if ce + cs == 0:
        return 0.0, pairs
    return 2 * ce * cs / (ce + cs), pairs


# --------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True)
class _SpanCand:
    text: str
    start: int
    end: int
    rel: float
    words: int


def _is_adverb(word: str) -> bool:
    """A Spanish adverb in -mente ("largamente"): never the edge of a term."""
    return len(word) > 7 and word.lower().endswith("mente") and word[:1].islower()


def _spans(text: str, max_words: int) -> list[_SpanCand]:
    """Spans of ``text`` that start and end with a content word, do not cross strong
    punctuation, and hold at most ``max_words`` words."""
    words = _words(text)
    out: list[_SpanCand] = []
    n = len(text) or 1
    for i, (w, s, _e) in enumerate(words):
        if _fold(w) in _ES_FUNCTION or _is_adverb(w):
            continue
        for j in range(i, min(len(words), i + max_words)):
            e = words[j][2]
            if j > i:
                gap = text[words[j - 1][2]:words[j][1]]
                if _STOP_PUNCT.search(gap) or ("," in gap and _fold(words[j][0]) in _ES_FUNCTION):
                    break
            if _fold(words[j][0]) in _ES_FUNCTION or _is_adverb(words[j][0]):
                continue
            span = text[s:e]
            if span.endswith(".") and not re.search(r"(?:[^\W\d_]\.){2,}$", span):
                span = span[:-1]
                e -= 1
            out.append(_SpanCand(span, s, e, (s + e) / 2 / n, j - i + 1))
    return out


@lru_cache(maxsize=8192)
def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(term).replace(r"\ ", r"\s+") + r"(?!\w)", re.I)


def _occurrences(term: str, text: str) -> list[tuple[int, int]]:
    words = term.split()
    if not words or words[0].casefold() not in text.casefold():
        return []  # cheap test before the regular expression
    return [(m.start(), m.end()) for m in _pattern(term).finditer(text)]


# --------------------------------------------------------------------------- scoring


@dataclass
class _Context:
    lex: _Lexicon
    en_index: TermIndex | None
    es_index: TermIndex | None
    concepts: Mapping[str, Concept]
    target_lang: str


def _known_ids(index: TermIndex | None, text: str) -> set[str]:
    if index is None:
        return set()
    out: set[str] = set()
    for m in index.scan(text):
        for c in m.candidates:
            if c.accents_ok and c.case_ok and c.form.status.allowed:
                out.add(c.concept_id)
    return out


def _score(term: str, kind: str, occ_rel: float, span: _SpanCand, ctx: _Context,
           en_parts: set[str], en_words: Sequence[str]) -> tuple[float, list[str]]:
    es_words = _content(span.text, "es")
    free = kind == "government-body" and not (en_words and _fold(en_words[0]) in _EN_BODY_HEADS)
    lex, pairs = _lexical(en_words, es_words, ctx.lex, free)
    if len(_ES_AND.findall(span.text)) > len(_EN_AND.findall(term)):
        lex *= 0.75  # the span coordinates more than the term does: it runs into the next one
        pairs.append("extra coordination")
    evidence: list[str] = []
    if pairs:
        evidence.append(f"lexical {lex:.2f} ({', '.join(pairs[:4])})")
    else:
        evidence.append(f"lexical {lex:.2f}")
    es_parts = _known_ids(ctx.es_index, span.text) if ctx.es_index is not None else set()
    translatable = {p for p in en_parts if (c := ctx.concepts.get(p)) is not None and c.preferred(ctx.target_lang)}
    if translatable:
        found = translatable & es_parts
        extra = es_parts - en_parts
        parts = len(found) / len(translatable) - 0.5 * min(1, len(extra))
        parts = max(parts, 0.0)
        for p in sorted(found):
            c = ctx.concepts[p]
            pf = c.preferred(ctx.target_lang)
            evidence.append(f"known part {p} = {pf.text if pf else ''}")
    else:
        parts = lex if not (es_parts - en_parts) else lex * 0.5
    pos = max(0.0, 1.0 - 2.0 * abs(occ_rel - span.rel))
    n_en = max(1, len(term.split()))
    ratio = span.words / n_en
    length = 1.0 if 0.8 <= ratio <= 2.0 else max(0.0, 1.0 - abs(ratio - (0.8 if ratio < 0.8 else 2.0)))
    first = span.text.split()[0]
    first_f = first.lower()
    if kind == "official-title":
        cap = 1.0 if first_f in TITLE_HEADS["es"] or first_f.startswith(("sub", "vice")) else 0.3
    elif kind == "government-body":
        cap = 1.0 if first[:1].isupper() and first_f in BODY_HEADS["es"] else (0.6 if first[:1].isupper() else 0.2)
    else:
        cap = 1.0 if first[:1].isupper() == term[:1].isupper() else 0.4
    score = 0.40 * lex + 0.20 * parts + 0.15 * pos + 0.10 * length + 0.05 * cap
    return score, evidence


def _suggest_for(
    term: str,
    segments: Sequence[Segment],
    ctx: _Context,
    *,
    kind: str = "other",
    acronyms: Sequence[str] = (),
    others: Sequence[str] = (),
) -> tuple[str, float, list[str], list[tuple[str, float]]] | None:
    """The best Spanish span for one English term: (text, score, evidence, runners-up).

    Occurrences inside one of the longer terms ``others`` are left out (a longer term may
    be translated as a whole: "Office of the Attorney General" is "Fiscalía General")
    unless the term is only ever seen inside longer ones."""
    occ: list[tuple[int, float]] = []
    nested: list[tuple[int, float]] = []
    longer = [o for o in others if len(o) > len(term) and term.casefold() in o.casefold()]
    for i, seg in enumerate(segments):
        if seg.source is None:
            continue
        src = seg.source.text
        covers = [span for o in longer for span in _occurrences(o, src)]
        for s, e in _occurrences(term, src):
            inside = any(a <= s and e <= b for a, b in covers)
            (nested if inside else occ).append((i, (s + e) / 2 / max(1, len(src))))
    if not occ:
        occ = nested  # only ever seen inside longer terms: align it there
    if not occ:
        return None
    seg_ids = sorted({i for i, _ in occ})
    occ = occ[:_MAX_SCORED]  # spans are scored in the first occurrences; Dice sees them all
    # unchanged on the Spanish side: a name or an acronym
    same = [i for i in seg_ids if _occurrences(term, segments[i].target.text)]
    if same and (kind in ("acronym", "person") or term.isupper() or len(same) == len(seg_ids)):
        share = len(same) / len(seg_ids)
        s0, e0 = _occurrences(term, segments[same[0]].target.text)[0]
        unchanged = " ".join(segments[same[0]].target.text[s0:e0].split())
        return unchanged, 0.75 + 0.2 * share, [f"found unchanged in {len(same)} of {len(seg_ids)} aligned segments"], []
    en_parts = _known_ids(ctx.en_index, term)
    en_words = _content(term, "en")
    max_words = min(24, 2 * len(term.split()) + 4)
    totals: dict[str, float] = {}
    evid: dict[str, list[str]] = {}
    seen_in: dict[str, set[int]] = {}
    surfaces: dict[str, dict[str, int]] = {}
    for i, rel in occ:
        tgt = segments[i].target.text
        best_here: dict[str, tuple[float, list[str]]] = {}
        for span in _spans(tgt, max_words):
            sc, ev = _score(term, kind, rel, span, ctx, en_parts, en_words)
            for a in acronyms:
                tail = tgt[span.end:span.end + len(a) + 4]
                if re.match(r"\s*\(\s*" + re.escape(a) + r"\s*\)", tail):
                    sc += 0.25
                    ev = ev + [f"acronym ({a}) follows on both sides"]
            key = " ".join(span.text.split()).casefold()
            forms = surfaces.setdefault(key, {})
            forms[span.text] = forms.get(span.text, 0) + 1
            if key not in best_here or sc > best_here[key][0]:
                best_here[key] = (sc, ev)
        for key, (sc, ev) in best_here.items():
            totals[key] = totals.get(key, 0.0) + sc
            evid.setdefault(key, ev)
            seen_in.setdefault(key, set()).add(i)
    if not totals:
        return None
    n_occ = len(occ)
    ranked: list[tuple[float, str]] = []
    top = sorted(totals, key=lambda k: -totals[k])[:12]
    for key in top:
        tot = totals[key]
        # Dice over segments: the span should occur where the term occurs, and not elsewhere
        s_segs = {j for j, seg in enumerate(segments) if _occurrences(key, seg.target.text)} if len(seg_ids) > 1 else seen_in[key]
        dice = 2 * len(s_segs & set(seg_ids)) / (len(s_segs) + len(seg_ids)) if s_segs else 0.0
        ranked.append((tot / n_occ + 0.10 * dice, key))
        if len(seg_ids) > 1:
            evid[key] = evid[key] + [f"co-occurs in {len(s_segs & set(seg_ids))} of {len(seg_ids)} segments (Dice {dice:.2f})"]
    ranked.sort(key=lambda x: (-x[0], len(x[1])))
    best_score, best = ranked[0]
    runners = [(k, round(min(1.0, s), 3)) for s, k in ranked[1:4]]
    def surface(k: str) -> str:
        forms = surfaces[k]
        return max(forms, key=lambda f: (forms[f], -list(forms).index(f)))

    runners = [(surface(k), sc) for k, sc in runners]
    return surface(best), best_score, evid[best], runners


def _confidence(score: float, runners: Sequence[tuple[str, float]]) -> float:
    margin = score - runners[0][1] if runners else 0.2
    factor = 0.75 + 0.25 * min(1.0, max(0.0, margin) / 0.1)
    return round(max(0.0, min(1.0, score * factor)), 2)


def _split_name_tail(cand: TermCandidate, segments: Sequence[Segment]) -> list[tuple[str, str]]:
    """(text, kind) pieces of a candidate: a title whose last two or more words appear
    unchanged on the Spanish side of its segments is cut before them (they are a name)."""
    words = cand.text.split()
    if cand.kind == "person" or len(words) < 3:
        return [(cand.text, cand.kind)]
    targets = [seg.target.text for seg in segments if seg.source is not None and _occurrences(cand.text, seg.source.text)]
    if not targets or all(_occurrences(cand.text, t) for t in targets):
        return [(cand.text, cand.kind)]
    for k in range(1, len(words) - 1):
        tail = " ".join(words[k:])
        if not words[k][:1].isupper():
            continue
        if all(_occurrences(tail, t) for t in targets):
            head = " ".join(words[:k])
            return [(head, cand.kind), (tail, "person")]
    return [(cand.text, cand.kind)]


def suggest(
    segments: Sequence[Segment],
    concepts: Sequence[Concept] = (),
    *,
    target_lang: str = "es",
    terms: Sequence[str] = (),
    en_index: TermIndex | None = None,
    es_index: TermIndex | None = None,
    min_confidence: float = 0.0,
) -> list[Suggestion]:
    """Suggestions for the English terms of bilingual ``segments`` that have no
    translation: extraction candidates that are not known concepts, known concepts
    without a ``target_lang`` form, and any ``terms`` given. ``en_index``/``es_index``
    are ``TermIndex``es of ``concepts`` (built here when None and ``concepts`` given).
    Suggestions come in order of first occurrence, those under ``min_confidence`` left out.
    """
    by_id = {c.id: c for c in concepts if not c.obsolete}
    if concepts and en_index is None:
        from glossary.matcher import TermIndex

        en_index = TermIndex.build(concepts, "en")
        es_index = TermIndex.build(concepts, target_lang)
    lexicon = _Lexicon([(a, b, 1.0) for a, b in CORE_LEXICON] + list(learn_lexicon(concepts, target_lang)))
    ctx = _Context(lexicon, en_index, es_index, by_id, target_lang)
    pairs = [s for s in segments if s.source is not None]
    wanted: list[tuple[str, str, str, tuple[str, ...], tuple[Reference, ...]]] = []
    seen: set[str] = set()
    candidates = extract(pairs, "en", en_index)
    all_texts = [c.text for c in candidates]
    for cand in candidates:
        if cand.known:
            cid = cand.known[0]
            c = by_id.get(cid)
            if c is None or c.preferred(target_lang) is not None or c.do_not_translate:
                continue
            key = cand.text.casefold()
            if key not in seen:
                seen.add(key)
                wanted.append((cand.text, cand.kind, cid, cand.acronyms, cand.references))
            continue
        for text, kind in _split_name_tail(cand, pairs):
            key = text.casefold()
            if key in seen:
                continue
            seen.add(key)
            wanted.append((text, kind, "", cand.acronyms, cand.references))
    for t in terms:
        if t.casefold() not in seen:
            seen.add(t.casefold())
            wanted.append((t, "other", "", (), ()))
    out: list[Suggestion] = []
    for text, kind, cid, acronyms, refs in wanted:
        res = _suggest_for(text, pairs, ctx, kind=kind, acronyms=acronyms, others=all_texts)
        if res is None:
            continue
        best, score, evidence, runners = res
        conf = _confidence(score, runners)
        if conf < min_confidence:
            continue
        out.append(Suggestion(text, best, conf, tuple(evidence), refs, cid, kind, tuple(acronyms), tuple(runners)))
    return out


SUGGEST_COMMENT = "# glossary suggest:"
"""Start of the translator comment ``glossary suggest`` writes on each proposal."""


def suggestion_concepts(
    suggestions: Sequence[Suggestion],
    known: Mapping[str, Concept],
    *,
    target_lang: str = "es",
) -> tuple[Concept, ...]:
    """Suggestions as fuzzy term-base concepts, ready for review in a PO file.

    A known concept keeps its id and English side and gains the proposed target form; a
    new term gets an id made from its words (unique against ``known``), its acronyms and
    a type guess for titles and bodies. Names proposed unchanged are do-not-translate.
    Each carries a ``# glossary suggest: confidence ...; evidence`` translator comment
    (a free comment, not a key).
    """
    from glossary.model import Status, TermForm
    from glossary.update import concept_id_for, template_concept

    taken = set(known)
    out: list[Concept] = []
    # an acronym defined by another suggestion's long form is folded into that entry
    owners = {a: s for s in suggestions for a in s.acronyms if a != s.source}
    folded = {s.source for s in suggestions if s.source in owners}
    target_acronyms = {owners[s.source].source: s.target for s in suggestions
                       if s.source in owners and s.target == s.source}
    for s in suggestions:
        if s.source in folded:
            continue
        evidence = "; ".join(s.evidence)
        alts = ", ".join(f"{t} ({sc:.2f})" for t, sc in s.alternatives[:2])
        comment = f"{SUGGEST_COMMENT} confidence {s.confidence:.2f}; {evidence}"
        if alts:
            comment += f"; next: {alts}"
        comment = " ".join(comment.split())
        target = TermForm(s.target, target_lang, Status.PREFERRED)
        if s.concept_id and s.concept_id in known:
            base = template_concept(known[s.concept_id])
            out.append(Concept(
                id=base.id, type=base.type, forms=base.forms + (target,), country=base.country,
                gender=base.gender, case_sensitive=base.case_sensitive,
                do_not_translate=base.do_not_translate, fuzzy=True, references=base.references,
                notes=base.notes, sources=base.sources, extra=base.extra + (comment,),
            ))
            continue
        cid = concept_id_for(s.source, taken)
        taken.add(cid)
        forms = [TermForm(s.source, "en", Status.PREFERRED)]
        forms += [TermForm(a, "en", Status.ADMITTED, acronym=True) for a in s.acronyms if a != s.source]
        forms.append(target)
        if s.source in target_acronyms:
            forms.append(TermForm(target_acronyms[s.source], target_lang, Status.ADMITTED, acronym=True))
        same = s.target == s.source
        out.append(Concept(
            id=cid,
            type=s.kind if s.kind in ("official-title", "government-body", "person") else "other",
            forms=tuple(forms),
            case_sensitive=s.kind == "acronym",
            do_not_translate=same and s.kind in ("person", "acronym"),
            fuzzy=True,
            references=s.references,
            extra=(comment,),
        ))
    return tuple(out)
