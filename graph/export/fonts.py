"""The CJK font the pictures are drawn with, found by file path (never by a family name guess).

bangfu depends on `pylopdf-fonts-zh-cn`, a PyPI package that ships Noto Sans SC (SIL OFL 1.1), so a
plain `pip install` brings a font with every Chinese character the rosters use; system fonts that
Debian's `fonts-noto-cjk` or `fonts-wqy-microhei` install are used when that package is missing.
`python -m graph.export.fonts` prints the font in use (the Makefile's `fonts` target runs it).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from graph.errors import BangfuError

PROBE = "帮扶图谱村户书记"

SYSTEM_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)


def packaged_font() -> Path | None:
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def has_glyphs(path: Path | str, text: str = PROBE) -> bool:
    """Whether the font file has a glyph for every character of `text`."""
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(str(path))
    except (OSError, RuntimeError, ValueError):
        return False
    return all(font.get_char_index(ord(c)) for c in text)


@cache
def cjk_font_path() -> Path:
    """A font file with Chinese glyphs; BangfuError (Chinese) when the machine has none."""
    candidates: list[Path] = []
    packaged = packaged_font()
    if packaged:
        candidates.append(packaged)
    candidates += [Path(p) for p in SYSTEM_FONTS]
    for path in candidates:
        if path.is_file() and has_glyphs(path):
            return path
    from matplotlib import font_manager

    for entry in font_manager.fontManager.ttflist:
        if any(
            word in entry.name for word in ("CJK", "Hei", "Han", "WenQuanYi", "Noto Sans SC", "Ming", "Song")
        ):
            if has_glyphs(entry.fname):
                return Path(entry.fname)
    raise BangfuError(
        "找不到中文字体，无法画出带中文的图片。请安装 bangfu 的依赖（pip install pylopdf-fonts-zh-cn），"
        "或安装系统中文字体（Debian：apt-get install fonts-noto-cjk），然后重试。"
    )


@cache
def font_properties():
    """matplotlib FontProperties for the CJK font (registered with matplotlib's font manager)."""
    from matplotlib import font_manager

    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path))


def font_dirs() -> list[Path]:
    """Folders holding the CJK font, for a browser's fontconfig (tests, benchmarks)."""
    return [cjk_font_path().parent]


if __name__ == "__main__":
    try:
        print(cjk_font_path())
    except BangfuError as exc:
        print(f"错误：{exc.message}", file=sys.stderr)
        sys.exit(1)
