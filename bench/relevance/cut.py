"""Cut real Dutch text that we did not write into search items for the relevance bench.

    python bench/relevance/cut.py ../shared/seeds/004_0db100bef4ae56c8.txt \
        > bench/relevance/items.txt

The client's report is cut into passages of whole sentences, about 60-90 words each (the
length of a kennisbank item's summary and body), without looking at what they say; the
first sentence of a passage becomes its title. The output is plain text a reviewer can
read: one `## id` header per item, then its title line and its text.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-Z0-9‘'“(])")
MIN_WORDS, MAX_WORDS = 60, 90


def sentences(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines()]
    flat = " ".join(line for line in lines if line)
    flat = re.sub(r"\s+", " ", flat)
    # A line break inside a hyphenated word ("leer- en ontwikkel…") stays a hyphen and space.
    return [s.strip() for s in SENTENCE_END.split(flat) if s.strip()]


def passages(text: str) -> list[str]:
    found, current = [], []
    for sentence in sentences(text):
        current.append(sentence)
        words = sum(len(s.split()) for s in current)
        if words >= MIN_WORDS or words > MAX_WORDS:
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found


def main() -> None:
    source = Path(sys.argv[1])
    prefix = sys.argv[2] if len(sys.argv) > 2 else "r"
    for number, passage in enumerate(passages(source.read_text(encoding="utf-8")), 1):
        words = passage.split()
        title = " ".join(words[:8])
        print(f"## {prefix}{number:03d} {source.name}")
        print(title)
        print(" ".join(words[8:]))
        print()


if __name__ == "__main__":
    main()
