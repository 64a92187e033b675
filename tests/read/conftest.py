"""Fixtures of the reading tests: reports written for these tests, in the forms people have them."""

from __future__ import annotations

import pytest

# A page pasted with its chrome, in the style of the seed report: icon list, date line,
# title, standfirst, title again, body with a playlist, share/subscribe/captcha prompts,
# gallery furniture and lines carrying other stories' headlines.
PASTED = """\
icon bookmarkicon cameraicon chevron downicon chevron upicon closeicon fbicon mailicon searchicon shareicon sign inicon sign upicon twicon
3 Feb, 2023 08:05

Landslide buries homes in Peruvian Andes village, 7 dead

Rescuers dig through mud for at least 20 missing after days of heavy rain
Landslide buries homes in Peruvian Andes village, 7 dead

Please enable JavaScript to watch this video

At least seven people were killed and 20 are missing after a landslide buried part of a village in Peru's Cusco region, the national emergency institute said on Friday.

Civil defence chief Rosa Quispe said 12 houses were destroyed and about 150 people had been evacuated to a school in the valley below.

RELATED: Floods cut the railway to Machu Picchu
0:39 Lima mayor opens new bus corridor Pause
1:15 Storm warning for the southern coast

Photo: Civil Defence Image 1 of 6 Caption Close

"We heard a roar and then the hill came down," said Julio Mamani, 54, whose brother is among the missing.

TRENDING STORIES:
Share this: Facebook
Twitter
Email
Subscribe to our newsletter for breaking news
You must enter the characters with black color that stand out from the other characters
Copyright 2023 Andes Wire. All rights reserved.
"""

PASTED_JUNK = [
    "icon",
    "chevron",
    "JavaScript",
    "RELATED",
    "Pause",
    "Storm warning",
    "Image 1 of 6",
    "TRENDING",
    "Share this",
    "Subscribe",
    "characters with black color",
    "Copyright",
    "3 Feb, 2023",
]

WIRE = """\
Ferry fire kills 4 off Indonesian coast, 180 rescued

JAKARTA, March 9 (Tollwire) - A fire on a passenger ferry in the Java Sea killed four people and
injured 11 on Saturday, and rescuers picked up 180 passengers from the water, the search and
rescue agency said.

The agency said two passengers were still missing.
"""


@pytest.fixture
def pasted() -> str:
    return PASTED


@pytest.fixture
def pasted_junk() -> list[str]:
    return PASTED_JUNK


@pytest.fixture
def wire() -> str:
    return WIRE
