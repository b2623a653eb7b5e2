"""Small charts drawn as inline SVG on the server: nothing to load, nothing from the internet."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH, HEIGHT, PAD_L, PAD_R, PAD_T, PAD_B = 640, 220, 44, 52, 16, 36
COUNT_COLOUR, SHARE_COLOUR = "#b42318", "#1d4ed8"  # the count's solid line, the share's dashed one


def trend_svg(
    points: list[dict], *, left_key: str, left_label: str, right_key: str, right_label: str
) -> Markup:
    """A line chart over recorded checks: `left_key` (a count, left axis) and `right_key` (a share
    0–1, right axis, as %), one point per item of `points` (each with `as_of`)."""
    if not points:
        return Markup("")
    n = len(points)
    plot_w, plot_h = WIDTH - PAD_L - PAD_R, HEIGHT - PAD_T - PAD_B
    counts = [p.get(left_key) or 0 for p in points]
    shares = [p.get(right_key) for p in points]
    top = max(max(counts), 1)
    present = [s for s in shares if s is not None]
    lo = min(present + [1.0]) if present else 0.0
    lo = max(0.0, min(lo, 1.0) - 0.02)
    span = max(1.0 - lo, 0.01)

    def x(i: int) -> float:
        return PAD_L + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y_count(v: float) -> float:
        return PAD_T + plot_h * (1 - v / top)

    def y_share(v: float) -> float:
        return PAD_T + plot_h * (1 - (v - lo) / span)

    parts = [
        f'<svg class="chart trend" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(left_label)}与{escape(right_label)}">',
        f'<rect class="track" x="{PAD_L}" y="{PAD_T}" width="{plot_w}" height="{plot_h}"/>',
    ]
    for frac in (0, 0.5, 1):
        yy = PAD_T + plot_h * (1 - frac)
        parts.append(f'<text x="{PAD_L - 6}" y="{yy + 4:.1f}" text-anchor="end">{round(top * frac)}</text>')
        parts.append(f'<text x="{WIDTH - PAD_R + 6}" y="{yy + 4:.1f}">{(lo + span * frac) * 100:.1f}%</text>')
    line = " ".join(f"{x(i):.1f},{y_count(v):.1f}" for i, v in enumerate(counts))
    parts.append(
        f'<polyline class="series-count" fill="none" stroke="{COUNT_COLOUR}" stroke-width="2" '
        f'points="{line}"/>'
    )
    share_points = [(i, s) for i, s in enumerate(shares) if s is not None]
    if share_points:
        line = " ".join(f"{x(i):.1f},{y_share(s):.1f}" for i, s in share_points)
        parts.append(
            f'<polyline class="series-share" fill="none" stroke="{SHARE_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="6 3" points="{line}"/>'
        )
    for i, p in enumerate(points):
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y_count(counts[i]):.1f}" r="3" fill="{COUNT_COLOUR}">'
            f"<title>{escape(str(p['as_of']))}：{escape(left_label)} {counts[i]}</title></circle>"
        )
        if n <= 12 or i in (0, n - 1):
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - PAD_B + 16}" text-anchor="middle">'
                f"{escape(str(p['as_of'])[5:])}</text>"
            )
    for at, colour, dash, words in (
        (PAD_L, COUNT_COLOUR, "", f"{left_label}（左轴）"),
        (PAD_L + 220, SHARE_COLOUR, ' stroke-dasharray="6 3"', f"{right_label}（右轴）"),
    ):  # swatches drawn as lines: the stylesheet colours all SVG text alike (a coloured word would not show)
        parts.append(
            f'<line class="legend-swatch" x1="{at}" x2="{at + 24}" y1="{HEIGHT - 9}" y2="{HEIGHT - 9}" '
            f'stroke="{colour}" stroke-width="3"{dash}/>'
            f'<text x="{at + 30}" y="{HEIGHT - 4}">{escape(words)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
