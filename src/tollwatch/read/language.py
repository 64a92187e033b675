"""The language of a report, told by py3langid (langid.py's model, shipped in the package).

Chosen by measurement (``README.md``, *Languages*): on short news sentences in 16 languages
it named all 16 (lingua-language-detector 15), on the 3,146 English GVA reports it named one
non-English (a Portuguese sign-in prompt, rightly), and it reads ~600 reports a CPU-second
(lingua ~75). The text is lowercased first: langid's model is case-sensitive, and the all-caps
transcripts of TV news read as Nigerian Pidgin otherwise.

Too little text (under :data:`MIN_LETTERS` letters) or a guess under :data:`MIN_CONFIDENCE`
tells nothing: the document keeps the language it came with (``en`` by default).
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: letters needed before the identifier is asked
MIN_LETTERS = 40
#: the identifier's normalised probability needed to name a language
MIN_CONFIDENCE = 0.5
#: characters of title, standfirst and text read (the start of a report is enough)
SAMPLE_CHARS = 2000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(*parts: str | None, default: str = "en") -> str:
    """The ISO 639-1 code of the text made of ``parts``, or ``default`` when it cannot tell."""
    sample = "\n".join(p for p in parts if p)[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return default
    code, confidence = _identifier().classify(sample.lower())
    return str(code) if confidence >= MIN_CONFIDENCE else default
