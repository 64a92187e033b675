"""Regular expressions compiled once from the lexicons (see :mod:`.lexicon`).

Nothing here names a word: every alternative comes from a data file, so a user who
extends a lexicon extends these patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from tollwatch.figures.lexicon import load_lexicons

_APOS = "['’]"
_WORD = re.compile(r"[a-z][a-z'-]*")
#: Where a word starts: no letter or digit before it, and no hyphen right after one (a hyphen
#: after a space or a dash is no part of a word: "New Roads -A child is ...").
WORD_START = r"(?<!\w)(?<!\w-)"
#: Ordinals a count may be told by ("a fourth victim", "the 8th to die").
ORDINALS = {
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
    "5th": 5,
    "6th": 6,
    "7th": 7,
    "8th": 8,
    "9th": 9,
    "10th": 10,
}
NTH = "|".join(ORDINALS)


def alt(phrases: Iterable[str]) -> str:
    """One regex alternative for phrases, longest first, spaces as ``\\s+``, apostrophes either way."""
    out = []
    for p in sorted({p.strip() for p in phrases}, key=len, reverse=True):
        esc = re.escape(p)
        esc = esc.replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS)
        out.append(esc)
    return "(?:" + "|".join(out) + ")"


def _case_alt(table: dict[str, Any]) -> str:
    """Like :func:`alt`, but phrases written with capitals ('UN', 'WHO') match only so written."""
    phrases = [p for k, ps in table.items() if k != "about" for p in ps]
    lower = [p for p in phrases if p == p.lower()]
    upper = [p for p in phrases if p != p.lower()]
    return "(?:" + alt(lower) + "|(?-i:" + alt(upper) + "))" if upper else alt(lower)


def _wb(pattern: str) -> str:
    """Word-bounded, also for phrases that end in punctuation ('Sgt.')."""
    return rf"{WORD_START}{pattern}(?![\w])"


def _flat(table: dict[str, Any]) -> dict[str, str]:
    """phrase -> name, from an object of name -> list of phrases (longest name first wins)."""
    out: dict[str, str] = {}
    for name, phrases in table.items():
        if name == "about":
            continue
        for p in phrases:
            out.setdefault(p.lower().replace("’", "'"), name)
    return out


@dataclass(frozen=True)
class Patterns:
    lex: dict[str, dict[str, Any]]
    number_words: dict[str, int]
    scales: dict[str, int]
    phrases: dict[str, int]
    modifier_kind: dict[str, str]
    vague: dict[str, dict[str, Any]]
    implied: dict[str, dict[str, Any]]
    pairs: dict[str, int]
    after_group: dict[str, str]
    before_count: dict[str, str]
    result: dict[str, str]
    count_nouns: dict[str, str]
    toll_nouns: dict[str, str]
    unknown_verbs: dict[str, str]
    plural: dict[str, str]
    singular: dict[str, str]
    adjectives: dict[str, str]
    gender: dict[str, str]
    stage: dict[str, str]
    not_names: frozenset[str]
    relations: frozenset[str]
    other_cause: re.Pattern[str]
    source_nouns: dict[str, str]
    # compiled
    count: re.Pattern[str]
    group: re.Pattern[str]
    singular_np: re.Pattern[str]
    singular_pair: re.Pattern[str]
    pair: re.Pattern[str]
    bare_singular: re.Pattern[str]
    before_any: re.Pattern[str]
    object_np: re.Pattern[str]
    object_next: re.Pattern[str]
    possessive_head: re.Pattern[str]
    outcome_adjective: re.Pattern[str]
    outcome_adjectives: dict[str, str]
    possessive_death: re.Pattern[str]
    death_suffix: re.Pattern[str]
    joiner: re.Pattern[str]
    aux_outcome: re.Pattern[str]
    before: re.Pattern[str]
    left_before: re.Pattern[str]
    result_after: re.Pattern[str]
    count_noun_after: re.Pattern[str]
    toll: re.Pattern[str]
    implied_re: re.Pattern[str]
    implied_patterns: tuple[tuple[re.Pattern[str], dict[str, Any]], ...]
    undisclosed: re.Pattern[str]
    outcome_word: re.Pattern[str]
    unknown: re.Pattern[str]
    tail_fatal: re.Pattern[str]
    hedge: re.Pattern[str]
    other_incident: re.Pattern[str]
    roundup: re.Pattern[str]
    age_before: re.Pattern[str]  # "under the age of ", "aged 20 and ": what makes the next number an age
    past_incident: re.Pattern[str]
    past_day: re.Pattern[str]
    incident_word: re.Pattern[str]
    source_noun: re.Pattern[str]
    source_verb: re.Pattern[str]
    refer_back: re.Pattern[str]
    pronoun_source: re.Pattern[str]
    cue_words: frozenset[str]  # the words that index cue_index
    cue_index: dict[str, tuple[frozenset[str], ...]]
    adjective_re: re.Pattern[str]
    plural_head: re.Pattern[str]
    tally: frozenset[str]  # phrases naming the dead ("the deaths of"), not an agent's victims
    #: "by police", "by a sheriff's deputy": the one acted on is no victim of theirs
    by_forces: re.Pattern[str]
    #: "in a gun battle with police": the one killed so fired at them
    with_forces: re.Pattern[str]
    #: "before police killed him", "a SWAT marksman killed Long": the forces kill the one who fired
    forces_kill: re.Pattern[str]


#: "the boy's death", "the teen's shooting death" (not "death sentence")
_DEATH_SUFFIX = (
    r"['’]s?\s+(?:(?:shooting|gunshot)\s+)?(?:death|killing|murder|slaying|homicide)"
    r"(?![\w-])(?!\s+(?:sentence|penalty|row|threats?|investigation)\b)"
)


def _number_pattern(words: Iterable[str], phrases: Iterable[str]) -> str:
    word = alt(words)
    digits = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?"
    scale = r"(?:\s+(?:hundred|thousand|million))?"
    wordnum = rf"{word}(?:(?:\s*-\s*|\s+(?:and\s+)?){word})*"
    return rf"(?:{alt(phrases)}|(?:{digits}){scale}|{wordnum})"


@cache
def patterns(extra_dirs: tuple[str, ...] = ()) -> Patterns:
    """The compiled patterns for the packaged lexicons plus the override folders ``extra_dirs``
    (``Settings.lexicon_dirs``; none by default: the packaged lexicons only)."""
    lex = load_lexicons(extra_dirs)
    num, qty, out, grp, src, hed = (
        lex[k] for k in ("numbers", "quantities", "outcomes", "groups", "sources", "hedges")
    )
    number_words = {k.lower(): v for t in ("units", "tens", "scales") for k, v in num[t].items()}
    modifier_kind = {p.lower(): kind for kind, ps in qty["modifiers"].items() if kind != "about" for p in ps}
    vague = {k.lower(): v for k, v in qty["vague"].items()}
    plural = _flat(grp["plural"])
    singular = _flat(grp["singular"])
    ages = grp["age_heads"]
    after_group = _flat(out["after_group"])
    before_count = _flat(out["before_count"])
    result = _flat(out["result"])
    count_nouns = _flat(out["count_nouns"])
    toll_nouns = _flat(out["toll_nouns"])
    unknown_verbs = _flat(out["verb_phrases_for_unknown"])
    adjectives = _flat(grp["adjectives"])
    source_nouns = _flat(src["nouns"])

    number = _number_pattern(number_words, num["phrases"])
    mod = alt(modifier_kind)
    vague_alt = alt(vague)
    count = (
        rf"(?<![\w$#-])(?:(?P<mod>{mod})\s+)?"
        rf"(?:between\s+(?P<r1>{number})\s+and\s+(?P<r2>{number})"
        rf"|(?P<n1>{number})(?:(?:-|–|\s+(?:to|or)\s+)(?P<n2>{number}))?"
        rf"|(?P<vague>{vague_alt}))"
        # "a woman in her 30's": a decade of age, no count
        r"(?![\w%$]|['’]s\b|\s*(?:-|–)?\s*years?\b|-year|[- ](?:month|week|day)s?[- ]old|\s*(?:a\.m|p\.m|am\b|pm\b|percent|per\s+cent|%)|:\d|\s*(?:times|rounds|shots|bullets|counts|hours|minutes|days|weeks|months|blocks|miles|feet|dollars|cents)\b)"
    )
    heads_plural = alt(plural) + rf"|{ages['plural_pattern']}"
    heads_singular = alt(singular) + rf"|{ages['singular_pattern']}"
    filler = (
        r"(?:\s+(?!(?:were|was|are|is|have|has|had|and|or|but|in|at|on|of|to|for|the|a|an|who|that|from|by|with|after|"
        rf"before|during|as|dead|killed|died|shot|injured|hurt)\b|{number}(?![\w-]))[\w'’.-]+(?:/[\w'’.-]+)*"
        # "TTP and LI militants": two names of groups joined before the noun
        r"(?:\s+and\s+(?-i:[A-Z][A-Za-z]*[A-Z]\b))?){0,4}?"
    )
    group = (
        r"(?P<pre>(?:\s+more|\s+other|\s+others?)?(?:\s+of(?:\s+(?:the|those|them|whom|these|its|their|his|her))?"
        rf"(?:\s+(?P<of_n>{number})(?![\w-]))?)?)"
        rf"(?:(?P<fill>{filler})\s+(?P<head>{heads_plural})\b"
        rf"(?:\s+and\s+(?:(?!{number}\b|{alt(before_count)}\b|{alt(after_group)}\b)[\w'’-]+\s+){{0,2}}?(?:{heads_plural})\b)?"
        r"|(?P<pron>\s+of\s+(?:them|whom|those|these|the\s+victims|the\s+wounded|the\s+injured)))"
    )
    singular_np = (
        WORD_START + r"(?P<det>an?\s+(?:" + NTH + r")|an?|one|1|another|the|both|his|her|their|its)\s+"
        # "an injured woman": an outcome adjective may lead the words before the noun of someone met
        # for the first time ("the dead man" is someone told of before, and may be the shooter)
        rf"(?P<sfill>(?:(?:(?<=\ban\s)|(?<=\ba\s))(?:{alt(_flat(out['adjectives']))})\s+(?!as\b))?"
        r"(?:(?!(?:but|and|or|the|a|an|was|were|is|are|of|in|on|at|to|for|with|who|that|by|from|his|her|their|"
        r"shot|killed|wounded|injured|died|dead|dies|after|before|when|while)\b)"
        r"[\w'’.-]+\s+){0,3})"
        rf"(?P<shead>{heads_singular})(?:\s+(?:(?-i:[A-Z])[\w'’.-]*\s+){{0,3}}(?:{heads_singular}))?(?![\w-])"
    )
    # "his mother and grandmother", "her husband and 6-year-old son": two people, one determiner;
    # "a man and woman", "another man, woman": two of either sex
    sexed = r"(?:man|woman|boy|girl|male|female)"
    singular_pair = (
        WORD_START + r"(?:(?P<det>his|her|their|the)\s+(?:(?!(?:and|or|of|the|a|an)\b)[\w'’-]+\s+){0,2}?"
        rf"(?:{heads_singular})\s+and\s+(?:(?!(?:and|or|of|the|a|an|his|her|their)\b)[\w'’-]+\s+){{0,2}}?"
        rf"(?:{heads_singular})"
        rf"|(?:an?|another|the)\s+(?:[\w-]+\s+)?(?P<sex1>{sexed})(?:\s*,\s*|\s+and\s+)(?:(?!(?:a|an|the|his|her|their|another)\b)[\w-]+\s+)?(?P<sex2>{sexed}))"
        r"(?![\w'’-])"
    )
    pair = rf"{WORD_START}(?P<pair>{alt(qty['pairs'])})(?![\w-])"
    bare_singular = (
        # headlines drop articles: at the start, after punctuation, or after a word that begins a
        # clause or a list ("... after girl, 5, fatally shot", "leaves man dead", "girl and grandfather")
        r"(?:^|(?<=[,;:|&]\s)|(?<=[,;:|])|(?<=\bafter\s)|(?<=\bwhen\s)|(?<=\bwhile\s)|(?<=\bas\s)"
        r"|(?<=\bwhere\s)|(?<=\band\s)|(?<=\bleaves\s)|(?<=\bleft\s)|(?<=\bleaving\s)|(?<=\babout\s))"
        # the words before the noun are no clause of their own ("5 hurt when man fires back"): no
        # outcome among them but an adjective right before the noun ("wounded patron fires back")
        r"\s*(?P<bfill>(?:(?!(?:when|while|as|after|and|killed|dead|died|dies|shot|hurt|injured|wounded)\b)"
        rf"[\w'’.-]+\s+){{0,4}}?(?:(?:{alt(_flat(out['adjectives']))})\s+)?)"
        # "17-year-old East high senior shot": the age and the noun are one person
        rf"(?P<bhead>{heads_singular})(?:\s+(?:(?!(?:and|or|of|the|a|an|with|who|was|is|in|at|on|by|to|for|"
        rf"after|before|when|while|as|where|killed|dead|died|dies|shot|hurt|injured|wounded|charged|arrested|"
        rf"accused|sentenced|says|said|faces|identified)\b)"
        rf"[\w'’.-]+\s+){{0,3}}?(?:{heads_singular}))?"
        # "Hickman County deputy's daughter injured": the daughter
        rf"(?:['’]s\s+(?:[\w-]+\s+){{0,2}}?(?P<bposs>{heads_singular}))?(?![\w-])"
    )
    object_next = (  # after a closing quote too: 'an 18-year-old "accidentally shot" his friend'
        r"[”\"]?\s+(?:(?:a|an|another|the|his|her|their|its|him|them|me|us|you|my|our|your|one|two|three|four|five|both|\d+)\b(?!\s+(?:times|rounds)\b)"
        rf"|(?:{heads_singular}|{heads_plural})(?![\w-]))"
    )
    joiner = r"\s*(?:,\s*and|,|and|&|as\s+well\s+as|plus)\s+"
    aside = r"(?:\s*,\s*[^,;]{1,60}?,|\s*\([^()]{0,60}\)|\s*,?\s+including\s+[^,;()]{1,50}?,?(?=\s+(?:were|have|had|are)\s)|\s*,\s*including\s+[^;:.]{1,160}?,(?=\s+(?:were|have|had|are)\s)|\s+(?:in|at|on|inside|outside|near|from|aboard|of)\s+(?:(?!(?:he|she|they|it|we|i|you)\b)[\w'’.-]+\s+){0,4}?(?!(?:who|that|which|he|she|they|it|we|i|you)\b)[\w'’.-]+(?=\s+(?:were|was|are|is|have|has|had|died|dies|later)\b))?"
    aux = (
        r"(?P<aux>(?:\s*,(?=\s*(?:who|which)\s))?(?:\s*[”\"’]?\s*(?:who|that|which|were|was|are|is|have|has|had|been|being|be|got|get|gets|will|would|may|might|could|to|having|"
        r"reportedly|allegedly|also|all|both|later|then|subsequently|each|previously|earlier|officially|initially|eventually|now|still|reported|"
        r"confirmed|believed|thought|said|apparently|ultimately|just|since|each|already|possibly|likely|tragically|accidentally|among|the|"
        # "were kidnapped and shot dead", "was attacked and killed": a participle, then the outcome
        r"[a-z]{3,}ed\s+and|"
        r"found|discovered|left|lying|both|all|remains|remain|remained|listed|sadly|unfortunately|"
        r"critically|seriously|gravely|badly|severely|"
        r"not|never|n[’']t|[’']s)\b){0,6})"
    )
    wound = out["wound_phrase"]
    wound_re = rf"{alt(wound['verbs'])}\s+(?:[\w'’-]+\s+){{0,3}}?{alt(wound['nouns'])}"
    aux_outcome = rf"(?P<aside>{aside}){aux}\s*(?P<outcome>{alt(after_group)}|{wound_re})(?![\w-])"
    # "killing three", "killed his two children", "shot his ex-girlfriend's two daughters"
    before = (
        rf"{WORD_START}(?P<verb>{alt(before_count)})[”\"]?\s+"
        r"(?:(?:his|her|their|its)\s+|(?:(?:the|a|an|his|her|their)\s+)?[\w-]+['’]s\s+)?$"
    )
    left_before = WORD_START + r"(?:left|leaving|leaves|leave|leaving\s+behind)\s+$"
    result_after = rf"\s*(?:more\s+|others?\s+)?(?P<outcome>{alt(result)})(?![\w-])"
    count_noun_after = (
        rf"(?P<adj>(?:\s+(?!and\b|or\b)[\w-]+){{0,2}}?)\s+(?P<noun>{alt(count_nouns)})(?![\w-])"
    )
    # a verb, "at" or "to" may come a few words after the toll noun ("the toll in Homs rose to", "the
    # toll had been put at"); "of" only close to it, past no phrase of its own ("the toll from the
    # series of eight blasts")
    toll = (
        rf"{WORD_START}(?P<toll>{alt(toll_nouns)})"
        r"(?:(?:\s+(?!(?:the|a|an|from|in|of|for|on|after|since)\b)[\w'’-]+){0,2}?\s+of|"
        r"(?:\s+[\w'’-]+){0,5}?\s+"
        r"(?:rose|risen|rising|climbed|climbing|stood|stands|standing|reached|increased|jumped|is|was|at|to|hit|has\s+risen|has\s+climbed|now))"
        r"(?:\s+(?:to|at))?\s+(?=\S)"
    )
    implied_re = rf"{WORD_START}(?P<implied>{alt(qty['implied'])})(?![\w-])"
    undisclosed = rf"{WORD_START}(?P<und>{alt(hed['undisclosed'])})(?![\w-])"
    outcome_word = (
        WORD_START
        + r"(?P<ow>killed\s+or\s+injured|killed\s+or\s+wounded|casualties|casualty|deaths|dead|killed|"
        r"injured|injuries|wounded|fatalities|victims|detained|arrested|arrests|missing)(?![\w-])"
    )
    unknown = rf"{WORD_START}(?P<uverb>{alt(unknown_verbs)})\s+(?P<uhead>{alt(plural)})(?![\w-])"
    tail_fatal = rf"\s*,?\s*(?:including\s+)?(?P<fnum>{number})(?:\s+of\s+(?:them|whom))?\s+(?P<how>fatally|mortally|critically|seriously)\b"
    hedge = _wb(alt(hed["hedges"]))
    other = (
        _wb(alt(hed["other_incident"]))
        + "|"
        + "|".join(rf"{WORD_START}(?:{x})" for x in hed["other_incident_patterns"])
    )
    past = (
        _wb(alt(hed["past_incident"]))
        + "|"
        + "|".join(
            rf"{WORD_START}(?:{x})" for x in [*hed["past_incident_patterns"], *hed["past_day_patterns"]]
        )
    )
    source_noun = _wb(_case_alt(src["nouns"]))
    source_verb = _wb(alt(src["verbs"]))
    refer_back = rf"{WORD_START}(?:the|this|that|these|those|its|their)\s+(?:\w+\s+){{0,2}}?{alt(src['refer_back'])}(?![\w-])"
    pronoun_source = rf"{WORD_START}{alt(src['pronouns'])}\s+(?:{alt(src['verbs'])})(?![\w-])"
    cue_words = (
        set(after_group) | set(before_count) | set(count_nouns) | set(toll_nouns) | set(qty["implied"])
    )
    cue_words |= {"shoot", "shoots", "himself", "herself", "themselves", "self", "fatal", "dies"}
    cue_words |= {"death", "killing", "murder", "slaying", "homicide"} | set(_flat(out["adjectives"]))
    cue_words |= (
        {w.lower() for w in hed["undisclosed"]}
        | {"dead", "shot", "shooting", "gunfire"}
        | set(wound["nouns"])
    )
    cue_index = _cue_index(cue_words)
    forces = alt([*grp["plural"]["security_forces"], *grp["singular"]["security_forces"]])
    by_forces = (
        # "by Ardmore, Okla. police": a place's name may hold a comma
        rf"\s+by\s+(?:(?-i:[A-Z])[\w'’.-]*,?\s+|(?!(?:and|or|who|after|before|when|while)\b)[\w'’.-]+\s+){{0,3}}?"
        rf"{forces}(?![\w-])"
    )
    adjective_re = rf"{WORD_START}(?P<adj>{alt(adjectives)})(?![\w-])"
    plural_head = rf"{WORD_START}(?P<head>{heads_plural})(?![\w-])"
    flags = re.IGNORECASE
    return Patterns(
        lex=lex,
        number_words=number_words,
        scales={k.lower(): v for k, v in num["scales"].items()},
        phrases={k.lower(): v for k, v in num["phrases"].items()},
        modifier_kind=modifier_kind,
        vague=vague,
        implied={k.lower(): v for k, v in qty["implied"].items()},
        pairs={k.lower(): v for k, v in qty["pairs"].items()},
        after_group=after_group,
        before_count=before_count,
        result=result,
        count_nouns=count_nouns,
        toll_nouns=toll_nouns,
        unknown_verbs=unknown_verbs,
        plural=plural,
        singular=singular,
        adjectives=adjectives,
        gender=_flat(grp["gendered"]),
        stage=_flat(grp["age_class"]),
        not_names=frozenset(w.lower() for w in grp["not_names"]["words"]),
        relations=frozenset(w.lower() for w in grp["relations"]["words"]),
        other_cause=re.compile(
            rf"\s+(?:[a-z]+\s+){{0,2}}?(?:(?:to|of|from)\s+(?:an?\s+|the\s+)?{alt(out['other_causes']['words'])}"
            + (
                rf"|(?:in|during|after)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){{0,2}}?{alt(events)}"
                if (events := out["other_causes"].get("events"))
                else ""
            )
            + r")(?![\w-])",
            flags,
        ),
        source_nouns=source_nouns,
        count=re.compile(count, flags),
        group=re.compile(group, flags),
        singular_np=re.compile(singular_np, flags),
        singular_pair=re.compile(singular_pair, flags),
        pair=re.compile(pair, flags),
        bare_singular=re.compile(bare_singular, flags),
        before_any=re.compile(rf"{WORD_START}(?P<verb>{alt(before_count)})[”\"]?\s+", flags),
        object_np=re.compile(
            r"(?:(?:an?|one|his|her|their|the)\s+)?(?P<ofill>(?:(?!(?:and|or|but|in|on|at|of|to|for|with|by|from|"
            r"after|while|during|that|who|which|whom|was|were|is|are|has|have|had|left|leaves|leaving|sent|sends|"
            r"involving|scene|scenes|suspect|suspects)\b)[\w'’.-]+\s+){0,3}?)"
            rf"(?P<ohead>{heads_singular})(?:\s+(?:(?-i:[A-Z])[\w'’.-]*\s+){{0,3}}(?:{heads_singular}))?(?![\w-])",
            flags,
        ),
        object_next=re.compile(object_next, flags),
        outcome_adjectives=_flat(out["adjectives"]),
        outcome_adjective=re.compile(rf"^(?:\S+\s+)?(?P<adj>{alt(_flat(out['adjectives']))})\s", flags),
        possessive_head=re.compile(
            rf"['’]s\s+(?P<pfill>(?:[\w-]+\s+){{0,2}}?)(?P<phead>{heads_singular})(?![\w-])", flags
        ),
        possessive_death=re.compile(
            WORD_START
            + r"(?:(?:the|a|an|his|her|their)\s+)?(?P<dfill>(?:(?!(?:and|or|of|in|on|at|the)\b)[\w.-]+\s+){0,3}?)"
            rf"(?P<dhead>{heads_singular}){_DEATH_SUFFIX}",
            flags,
        ),
        death_suffix=re.compile(_DEATH_SUFFIX, flags),
        joiner=re.compile(joiner, flags),
        aux_outcome=re.compile(aux_outcome, flags),
        before=re.compile(before, flags),
        left_before=re.compile(left_before, flags),
        result_after=re.compile(result_after, flags),
        count_noun_after=re.compile(count_noun_after, flags),
        toll=re.compile(toll, flags),
        implied_re=re.compile(implied_re, flags),
        implied_patterns=tuple(
            (re.compile(rf"{WORD_START}(?:{k})(?![\w-])", flags), v)
            for k, v in qty["implied_patterns"].items()
            if k != "about"
        ),
        undisclosed=re.compile(undisclosed, flags),
        outcome_word=re.compile(outcome_word, flags),
        unknown=re.compile(unknown, flags),
        tail_fatal=re.compile(tail_fatal, flags),
        hedge=re.compile(hedge, flags),
        other_incident=re.compile(other, flags),
        roundup=re.compile("|".join(rf"(?<![\w-])(?:{x})" for x in hed["roundup_patterns"]), flags),
        age_before=re.compile(
            rf"\b(?:{alt(ages['before'])})\s+(?:\d{{1,3}}\s*(?:,|and|to|or|-|–)\s*)*$", flags
        ),
        past_incident=re.compile(past, flags),
        past_day=re.compile("|".join(f"(?:{x})" for x in hed["past_day_patterns"]), flags),
        incident_word=re.compile(_wb(alt(hed["incident_words"])), flags),
        source_noun=re.compile(source_noun, flags),
        source_verb=re.compile(source_verb, flags),
        refer_back=re.compile(refer_back, flags),
        pronoun_source=re.compile(pronoun_source, flags),
        cue_words=frozenset(cue_index),
        cue_index=cue_index,
        adjective_re=re.compile(adjective_re, flags),
        plural_head=re.compile(plural_head, flags),
        by_forces=re.compile(by_forces, flags),
        with_forces=re.compile(
            r"\s+(?:\w+\s+){0,2}?in\s+an?\s+(?:gun\s*battle|gunfight|shootout|shoot-out|exchange\s+of\s+gunfire|firefight)"
            rf"\s+with\s+(?:the\s+|[\w'’.-]+\s+){{0,2}}?{forces}(?![\w-])"
            # "killed in an officer-involved shooting": shot by the police
            r"|\s+in\s+(?:an?\s+)?(?:officer|police|deputy|trooper)[- ]involved\s+shooting\b",
            flags,
        ),
        forces_kill=re.compile(
            rf"(?<![\w-]){forces}\s+(?:shot\s+and\s+killed|fatally\s+shot|killed|shot\s+dead)\s+"
            r"(?P<obj>him|her|the\s+(?:gunman|shooter|suspect|attacker)|(?-i:[A-Z][a-z]+)(?:\s+(?-i:[A-Z][a-z]+))?)(?![\w-])",
            flags,
        ),
        tally=frozenset(" ".join(x.lower().split()) for x in out.get("tally", [])),
    )


#: words too common to index a phrase by (any word of a phrase would do: all are checked)
_COMMON = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "by",
        "from",
        "with",
        "into",
        "about",
        "is",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "it",
        "its",
        "their",
        "his",
        "her",
        "how",
        "many",
        "would",
        "did",
        "didn't",
        "not",
        "no",
        "say",
        "said",
        "give",
        "made",
        "took",
        "least",
        "number",
        "people",
    ]
)


def _cue_word(phrase: str) -> str:
    """The word to index a phrase by: its longest word that is not very common."""
    words = _WORD.findall(phrase.lower().replace("’", "'"))
    rare = [w for w in words if w not in _COMMON]
    return max(rare or words or [""], key=len)


def _cue_index(phrases: Iterable[str]) -> dict[str, tuple[frozenset[str], ...]]:
    """key word -> the word sets of the phrases it indexes."""
    index: dict[str, set[frozenset[str]]] = {}
    for phrase in phrases:
        key = _cue_word(phrase)
        if key:
            index.setdefault(key, set()).add(frozenset(_WORD.findall(phrase.lower().replace("’", "'"))))
    return {k: tuple(v) for k, v in index.items()}


def has_cue(p: Patterns, sentence: str) -> bool:
    """Cheap prefilter: does the sentence hold every word of some figure phrase?"""
    words = set(_WORD.findall(sentence.lower().replace("’", "'")))
    return any(need <= words for key in p.cue_words.intersection(words) for need in p.cue_index[key])
