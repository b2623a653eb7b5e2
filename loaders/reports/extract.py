"""Facts a report states, found with jieba's segmentation and part-of-speech tags plus rules.

jieba alone splits places badly (红花/集镇, 老/河乡) and sometimes names (张/湘军), so it is used for what
it does well — token boundaries and the `nr` tag of personal names — and the rules decide the rest:

- places: a level suffix (省 市 县 区 乡 镇 村 社区 街道) preceded by a stem that starts on a token boundary,
  is made of name-like tokens and is not a generic word (贫困村, 全区, 该镇); the longest such stem wins;
  villages listed without 村 before `等N个村` count as villages;
- person–post: a chain of post titles (驿城区委副书记、区长) followed by a name; each post belongs to the
  place written before it, or — for 该镇 / 镇党委 / 区长 — to the last place of that level mentioned, or to
  the post before it in the chain; a name directly before a title (习近平总书记) also counts;
- households: a name after 贫困户 / 贫困群众 …; enterprises: a name ending in 公司 / 合作社 …;
- help: a sentence with a help word (帮扶, 结对 …) that names a helper (person, enterprise, unit) and a
  helped household or village.

Every fact keeps its sentence and the character span in it. The result is a proposal for staff to review,
not graph data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from loaders.reports import lexicon as lx
from loaders.reports.sentences import Sentence, split

HAN = re.compile(r"[\u4e00-\u9fff]")
FUNCTION_TAGS = {
    "p",
    "u",
    "uj",
    "ul",
    "ud",
    "ug",
    "uv",
    "uz",
    "c",
    "r",
    "d",
    "m",
    "x",
    "q",
    "f",
    "t",
    "y",
    "e",
    "o",
    "w",
    "mq",
    "rr",
    "rz",
    "k",
}
ENUM_RE = re.compile(r"等[0-9一二三四五六七八九十几百]*个(?:行政)?村")
REFERENCE_RE = re.compile(r"该([省市县区乡镇村])$")

_segmenter = None


def segmenter():
    """jieba's POS tokenizer with the post titles added (loaded once; the dictionary ships with jieba)."""
    global _segmenter
    if _segmenter is None:
        import jieba
        import jieba.posseg as pseg

        jieba.setLogLevel(logging.WARNING)
        for word, freq, tag in lx.JIEBA_WORDS:
            jieba.add_word(word, freq, tag)
        _segmenter = pseg
    return _segmenter


@dataclass
class Token:
    word: str
    tag: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.word)


def tokenize(text: str) -> list[Token]:
    out, pos = [], 0
    for pair in segmenter().cut(text):
        out.append(Token(pair.word, pair.flag, pos))
        pos += len(pair.word)
    return out


@dataclass
class Fact:
    """One proposed fact: `payload` holds the fields staff review (names, titles, levels)."""

    kind: str  # person_post | place | enterprise | household | help
    payload: dict
    sentence: Sentence
    start: int  # span in the sentence text
    end: int
    mentions: int = 1

    @property
    def key(self) -> tuple:
        return (self.kind, tuple(sorted((k, str(v)) for k, v in self.payload.items())))

    @property
    def span_text(self) -> str:
        return self.sentence.text[self.start : self.end]


@dataclass
class Place:
    name: str
    level: str
    start: int
    end: int


@dataclass
class Context:
    """What a reader remembers while reading: the last place of each level, the last enterprise."""

    last_place: dict[str, str] = field(default_factory=dict)
    last_enterprise: str | None = None


# -- places ---------------------------------------------------------------------------------------
def _suffix_at(text: str, i: int) -> str | None:
    for suf in ("社区", "街道", "嘎查"):
        if text.startswith(suf, i):
            return suf
    c = text[i]
    if c in lx.PLACE_SUFFIXES:
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt and nxt in lx.SUFFIX_BREAKERS.get(c, ""):
            return None
        return c
    return None


def _valid_stem(stem: str, tokens_in_stem: list[Token]) -> bool:
    if len(stem) < 2 or not all(HAN.match(c) for c in stem):
        return False
    if stem in lx.GENERIC_STEMS or stem[-1] in lx.NOT_STEM_LAST:
        return False
    if stem[0] == "该" or any(stem.startswith(g) for g in ("全", "各", "每")) and len(stem) == 2:
        return False
    return all(t.tag in lx.NAME_TAGS for t in tokens_in_stem)


def _place_follows(text: str, pos: int) -> bool:
    """Whether a lower-level place starts at pos (孙红乡|丁寨村: jieba reads 乡丁 as one word)."""
    for j in range(pos, min(pos + 5, len(text))):
        if j - pos >= 2 and (text[j] in "村镇乡" or text.startswith("社区", j)):
            return True
        if not HAN.match(text[j]) or text[j] in lx.LEVEL_OF_CHAR:
            return False
    return False


def find_places(text: str, tokens: list[Token]) -> list[Place]:
    starts = {t.start for t in tokens}
    places: list[Place] = []
    floor = 0
    i = 0
    while i < len(text):
        suf = _suffix_at(text, i)
        if not suf:
            if not HAN.match(text[i]):
                floor = i + 1
            i += 1
            continue
        best = None
        holder = next((t for t in tokens if t.start <= i < t.end), None)
        if (
            holder is not None
            and holder.end > i + len(suf)
            and not text.startswith(lx.SUFFIX_CONTINUATIONS, i + len(suf))
            and not _place_follows(text, i + len(suf))
        ):
            i += 1
            continue
        for s in range(max(floor, i - 5), i - 1):
            if s not in starts and s != floor:
                continue
            stem = text[s:i]
            inner = [t for t in tokens if t.start >= s and t.end <= i]
            if _valid_stem(stem, inner):
                best = stem
                break  # smallest s first: the longest stem
        if best:
            start = i - len(best)
            places.append(Place(best + suf, lx.PLACE_SUFFIXES[suf], start, i + len(suf)))
            floor = i + len(suf)
            i += len(suf)
            continue
        i += 1
    # villages listed without 村: 纪庄、田楼等6个村
    for m in ENUM_RE.finditer(text):
        items = []
        pos = m.start()
        while True:
            tok = next((t for t in tokens if t.end == pos), None)
            if (
                tok is None
                or not (2 <= len(tok.word) <= 4)
                or not all(HAN.match(c) for c in tok.word)
                or tok.word in lx.GENERIC_STEMS
            ):
                break
            items.append(tok)
            if tok.start > 0 and text[tok.start - 1] == "、":
                pos = tok.start - 1
            else:
                break
        if len(items) >= 2:
            for tok in items:
                name = tok.word if tok.word.endswith("村") else tok.word + "村"
                if not any(p.start <= tok.start < p.end for p in places):
                    places.append(Place(name, "村", tok.start, tok.end))
    places.sort(key=lambda p: p.start)
    return places


# -- names ----------------------------------------------------------------------------------------
def name_at(text: str, pos: int) -> str | None:
    """A personal name starting at `pos` (right after a title or a household word), or None."""
    rest = text[pos : pos + 12]
    if not rest or not HAN.match(rest[0]):
        return None
    toks = tokenize(re.split(r"[，。、；：！？,;:!?（(“”\"\s]", rest, maxsplit=1)[0] or rest)
    if toks and toks[0].tag.startswith("nr") and 2 <= len(toks[0].word) <= 4 and _plausible(toks[0].word):
        word = toks[0].word
        # jieba sometimes cuts a three-character name short (田亮|蓉到): take the third character when
        # it is not a word of its own and what follows it ends a name
        if (
            len(word) == 2
            and len(rest) >= 3
            and HAN.match(rest[2])
            and rest[2] not in lx.NAME_FOLLOWERS
            and (len(rest) == 3 or rest[3] in lx.NAME_FOLLOWERS)
            and _plausible(rest[:3])
            and not (len(toks) > 1 and len(toks[1].word) >= 2 and toks[1].tag not in {"nr", "ng", "n"})
        ):
            return rest[:3]
        return word
    surname = next((c for c in lx.COMPOUND_SURNAMES if rest.startswith(c)), None) or (
        rest[0] if rest[0] in lx.SURNAMES else None
    )
    if not surname:
        return None
    for length in (len(surname) + 2, len(surname) + 1):
        cand = rest[:length]
        if len(cand) < length or not all(HAN.match(c) for c in cand):
            continue
        after = rest[length : length + 1]
        if (
            (not after or after in lx.NAME_FOLLOWERS or _starts_with_verb(rest[length:]))
            and _plausible(cand)
            and not _is_phrase(cand, surname)
        ):
            return cand
    return None


def _starts_with_verb(text: str) -> bool:
    toks = tokenize(text[:6])
    return bool(toks) and len(toks[0].word) >= 2 and toks[0].tag in {"v", "vn", "vd", "p", "n"}


def _is_phrase(cand: str, surname: str) -> bool:
    """Whether what follows a surname-like character is a verb phrase (全覆盖 = 全 + 覆盖), not a given name.

    Given names get all sorts of tags from jieba (明远/a, 立新/d, 湘军/j); only verbs are telling."""
    return any(t.tag in PHRASE_TAGS for t in tokenize(cand[len(surname) :]))


PHRASE_TAGS = {"v", "vn", "vd", "vi", "vq"}


def _plausible(name: str) -> bool:
    if name in lx.NOT_NAMES or name[-1] in lx.NOT_NAME_ENDINGS:
        return False
    if lx.POST_RE.search(name):
        return False
    return name[0] in lx.SURNAMES or name.startswith(lx.COMPOUND_SURNAMES)


# -- posts ----------------------------------------------------------------------------------------
@dataclass
class PostMention:
    title: str
    start: int
    end: int
    organization: str | None
    span_start: int  # where the post with its place starts (驿城区委副书记)


def _post_org(
    text: str, m: re.Match, places: list[Place], ctx: Context, previous: PostMention | None, joined: bool
) -> tuple[str, str | None, int]:
    """(title, organization, span start) of a post title found at m."""
    title, start = m.group(0), m.start()
    for p in places:
        if p.end == start:
            return title, p.name, p.start
        if p.end == start + 1 and p.name[-1] == title[0]:
            return title, p.name, p.start
    ref = REFERENCE_RE.search(text[max(0, start - 2) : start])
    if ref:
        return title, _context_place(ctx, places, start, ref.group(1)), start - 2
    before = text[start - 1] if start > 0 else ""
    if before in lx.LEVEL_OF_CHAR and title.startswith(("党委", "党工委", "人大", "政协", "纪委", "监委")):
        return title, _context_place(ctx, places, start, before), start - 1
    if title[0] in lx.LEVEL_OF_CHAR and not title.startswith("村"):
        return title, _context_place(ctx, places, start, title[0]), start
    if joined and previous is not None:
        return title, previous.organization, start
    return title, None, start


def _context_place(ctx: Context, places: list[Place], pos: int, level_char: str) -> str | None:
    level = lx.LEVEL_OF_CHAR[level_char]
    for p in reversed(places):
        if p.end <= pos and p.level == level:
            return p.name
    return ctx.last_place.get(level)


def find_person_posts(text: str, tokens: list[Token], places: list[Place], ctx: Context) -> list[tuple]:
    """(person, title, organization, span start, span end) for every title chain followed by a name."""
    out = []
    posts = [
        m for m in lx.POST_RE.finditer(text) if not any(text.startswith(w, m.start()) for w in lx.NOT_POSTS)
    ]
    chain: list[PostMention] = []
    for idx, m in enumerate(posts):
        joined = bool(chain) and _joins(text, chain[-1].end, m.start(), places)
        if not joined:
            chain = []
        title, org, span_start = _post_org(text, m, places, ctx, chain[-1] if chain else None, joined)
        chain.append(PostMention(title, m.start(), m.end(), org, span_start))
        name = name_at(text, m.end())
        if name:
            for post in chain:
                out.append((name, post.title, post.organization, chain[0].span_start, m.end() + len(name)))
            chain = []
            continue
        if len(chain) == 1 and not (
            idx + 1 < len(posts) and _joins(text, m.end(), posts[idx + 1].start(), places)
        ):
            before = next((t for t in tokens if t.end == m.start()), None)
            if (
                before is not None
                and before.tag.startswith("nr")
                and 2 <= len(before.word) <= 3
                and _plausible(before.word)
                and (
                    before.start == 0
                    or not HAN.match(text[before.start - 1])
                    or _token_tag_before(tokens, before) in FUNCTION_TAGS | {"v"}
                )
            ):
                out.append((before.word, title, org, before.start, m.end()))
    return out


def _token_tag_before(tokens: list[Token], tok: Token) -> str:
    prev = next((t for t in tokens if t.end == tok.start), None)
    return prev.tag if prev else "x"


def _joins(text: str, end: int, next_start: int, places: list[Place]) -> bool:
    """Whether the title at next_start continues a chain ending at `end` (`、` and at most a place)."""
    gap = text[end:next_start]
    if not gap.startswith("、"):
        return gap == ""
    gap = gap[1:]
    if gap == "" or REFERENCE_RE.fullmatch(gap) or (len(gap) == 1 and gap in lx.LEVEL_OF_CHAR):
        return True
    return any(p.start == end + 1 and p.end in (next_start, next_start + 1) for p in places)


# -- households, enterprises, help -----------------------------------------------------------------
def find_households(text: str) -> list[tuple[str, int, int]]:
    out = []
    for word in lx.HOUSEHOLD_WORDS:
        for m in re.finditer(re.escape(word), text):
            if any(s <= m.start() < e for _, s, e in out):
                continue
            name = name_at(text, m.end())
            if name:
                out.append((name, m.start(), m.end() + len(name)))
    return out


def find_enterprises(text: str, tokens: list[Token], ctx: Context) -> list[tuple[str, int, int, bool]]:
    """(name, start, end, is_reference): 该公司 refers to the last enterprise named."""
    out = []
    taken: list[tuple[int, int]] = []
    for suf in lx.ENTERPRISE_SUFFIXES:
        for m in re.finditer(re.escape(suf), text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            if text[max(0, m.start() - 1) : m.start()] == "该" and ctx.last_enterprise:
                out.append((ctx.last_enterprise, m.start() - 1, m.end(), True))
                taken.append((m.start() - 1, m.end()))
                continue
            start = m.start()
            stem_tokens: list[Token] = []
            for tok in reversed([t for t in tokens if t.end <= m.start()]):
                if (
                    tok.end != start
                    or tok.tag in FUNCTION_TAGS
                    or tok.tag == "v"
                    or not HAN.match(tok.word[0])
                    or m.start() - tok.start > 12
                    or tok.word.startswith("该")
                ):
                    break
                stem_tokens.insert(0, tok)
                start = tok.start
            # a token holding the suffix's first characters (食品公司 → 公司 inside a token) is not split here
            stem = text[start : m.start()]
            if len(stem) < 2 or stem in lx.GENERIC_STEMS:
                continue
            distinctive = (
                any(t.tag in {"nr", "ns", "nz", "nt", "j", "nrt", "nrfg"} for t in stem_tokens)
                or stem[0] in lx.LEVEL_OF_CHAR
                or any(t.tag == "x" for t in stem_tokens)
            )
            if not distinctive:
                continue
            out.append((stem + suf, start, m.end(), False))
            taken.append((start, m.end()))
    out.sort(key=lambda e: e[1])
    return out


def find_units(text: str) -> list[tuple[str, int, int]]:
    """Units named as helpers: a name ending in 局/委/办 … directly before 帮扶 (驿城区水利局帮扶队)."""
    out = []
    for m in re.finditer(r"帮扶", text):
        for suf in lx.UNIT_SUFFIXES:
            if text[: m.start()].endswith(suf):
                stem_start = m.start() - len(suf)
                s = stem_start
                while (
                    s > 0
                    and HAN.match(text[s - 1])
                    and stem_start - s < 10
                    and text[s - 1] not in "的在和与为是对"
                ):
                    s -= 1
                if stem_start - s >= 2:
                    out.append((text[s : m.start()], s, m.start()))
                break
    return out


# -- the document -----------------------------------------------------------------------------------
def extract(text: str) -> list[Fact]:
    """All facts of a document, one per distinct fact (first occurrence kept, repeats counted)."""
    ctx = Context()
    facts: dict[tuple, Fact] = {}

    def add(fact: Fact) -> None:
        if fact.key in facts:
            facts[fact.key].mentions += 1
        else:
            facts[fact.key] = fact

    for sentence in split(text):
        s = sentence.text
        tokens = tokenize(s)
        places = find_places(s, tokens)
        posts = find_person_posts(s, tokens, places, ctx)
        households = find_households(s)
        enterprises = find_enterprises(s, tokens, ctx)
        for p in places:
            add(Fact("place", {"name": p.name, "level": p.level}, sentence, p.start, p.end))
        for person, title, org, start, end in posts:
            add(
                Fact(
                    "person_post",
                    {"person": person, "title": title, "organization": org or ""},
                    sentence,
                    start,
                    end,
                )
            )
        for name, start, end in households:
            add(Fact("household", {"head_name": name}, sentence, start, end))
        for name, start, end, is_ref in enterprises:
            if not is_ref:
                add(Fact("enterprise", {"name": name}, sentence, start, end))
        for helper, helper_kind, helped, helped_kind, start, end in find_help(
            s, posts, households, enterprises, places, find_units(s)
        ):
            add(
                Fact(
                    "help",
                    {
                        "helper": helper,
                        "helper_kind": helper_kind,
                        "helped": helped,
                        "helped_kind": helped_kind,
                    },
                    sentence,
                    start,
                    end,
                )
            )
        for p in places:
            ctx.last_place[p.level] = p.name
        named = [e for e in enterprises if not e[3]]
        if named:
            ctx.last_enterprise = named[-1][0]
    return list(facts.values())


def find_help(text: str, posts, households, enterprises, places, units) -> list[tuple]:
    """Help relations a sentence states: a helper and a helped household (or village) with a help word."""
    if not any(w in text for w in lx.HELP_WORDS):
        return []
    household_names = {h[0] for h in households}
    helpers = [(p[0], "person", p[3], p[4]) for p in posts if p[0] not in household_names]
    helpers += [(e[0], "enterprise", e[1], e[2]) for e in enterprises]
    helpers += [(u[0], "unit", u[1], u[2]) for u in units]
    if households:
        helped = [(h[0], "household", h[1], h[2]) for h in households]
    else:
        helped = [(p.name, "village", p.start, p.end) for p in places if p.level == "村"]
    out, seen = [], set()
    for h_name, h_kind, hs, he in helpers:
        for t_name, t_kind, ts, te in helped:
            if (h_name, t_name) in seen or h_name == t_name:
                continue
            seen.add((h_name, t_name))
            out.append((h_name, h_kind, t_name, t_kind, min(hs, ts), max(he, te)))
    return out
