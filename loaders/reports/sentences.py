"""Sentences with character offsets into the original document.

Reports come from newspaper pages: a sentence is often broken by a line (or page) break in the middle of
a word (`驿\n\n城区水利局`). A line break joins the lines when the line before is prose that has not
ended (it contains punctuation but does not end with 。！？ …); a line without any punctuation is a heading
or a caption and stands alone. Every character of a sentence keeps its offset in the original text, so a
span found in the sentence maps back to the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

END = "。！？!?；;"
CLOSERS = '”’」』）)》】"'
PROSE_MARKS = set("，。、；：！？,;:!?")


@dataclass
class Sentence:
    text: str
    offsets: list[int] = field(repr=False)  # offsets[i] = position in the document of text[i]
    index: int = 0

    @property
    def start(self) -> int:
        return self.offsets[0] if self.offsets else 0

    def doc_span(self, start: int, end: int) -> tuple[int, int]:
        """Document offsets of the sentence span [start, end)."""
        return self.offsets[start], self.offsets[end - 1] + 1


def _logical_lines(text: str) -> list[list[tuple[str, int]]]:
    """Lines glued across breaks inside prose; each a list of (char, offset)."""
    lines: list[list[tuple[str, int]]] = []
    current: list[tuple[str, int]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            chars = [(c, pos + lead + i) for i, c in enumerate(stripped)]
            if current and _continues(current):
                current.extend(chars)
            else:
                if current:
                    lines.append(current)
                current = chars
        pos += len(raw)
    if current:
        lines.append(current)
    return lines


def _continues(line: list[tuple[str, int]]) -> bool:
    last = line[-1][0]
    if last in END or last in CLOSERS or last in "…":
        return False
    return any(c in PROSE_MARKS for c, _ in line)


def split(text: str) -> list[Sentence]:
    """The sentences of a document, in order; a closing quote stays with its sentence."""
    out: list[Sentence] = []
    for line in _logical_lines(text):
        buf: list[tuple[str, int]] = []
        i = 0
        while i < len(line):
            buf.append(line[i])
            if line[i][0] in END:
                while i + 1 < len(line) and line[i + 1][0] in CLOSERS:
                    i += 1
                    buf.append(line[i])
                out.append(_sentence(buf))
                buf = []
            i += 1
        if buf:
            out.append(_sentence(buf))
    out = [s for s in out if s.text.strip()]
    for n, s in enumerate(out):
        s.index = n
    return out


def _sentence(chars: list[tuple[str, int]]) -> Sentence:
    return Sentence("".join(c for c, _ in chars), [o for _, o in chars])
