"""A fictional county (or set of counties) in the roster format, at any scale, with planted gaps.

`generate.generate(out_dir, households=N, seed=S, gap_share=F, as_of=D)` writes one UTF-8 CSV per
table (Chinese headers, as in the shared sample) and returns a `DemoResult` with row counts and the
gaps it planted; `months.generate_months` adds monthly snapshots with staff turnover. Everything comes
from one `random.Random(seed)`, so a seed gives the same files byte for byte: the parts below draw
from it in a fixed order, and changing that order changes the files (say so in the commit).

Shape (from the spec's figures): 15–30 villages a township, 8–20 townships a county, 20–40 % poor
villages, some weak-organization (软弱涣散) villages, about 45 registered households a village, one
help cadre for about 3.2 households. Large N gives several counties, each a `县区` root.

Every rule of coverage-rules.md has something to find at the as-of date: each candidate subject is
made a gap with probability `gap_share`, and each rule is planted at least once (at the first village
where it fits), so even a few hundred households show every rule. Near misses that must NOT be flagged
are planted too (an expiring first secretary whose successor starts the day after; a non-key village
with a first secretary and no liaison; a cadre with exactly five households …).

Streaming: rows are written village by village; only the geography plan (a few bytes a village) and
one village's rows are held in memory, so 5,000,000 households stay far below 1 GB.

Modules, in the order a run goes through them:
  `generate`    the entry point and its result; counties in turn
  `context`     what the parts share: settings, random generator, files, counters, current county,
                township and village (dataclasses)
  `vocabulary`  the words and weights (names, units, titles, household traits, programs, sizes)
  `draws`       lookup tables built from the vocabularies once, for fast draws
  `ids`         check characters of id numbers, credit codes and organization codes
  `geography`   the plan of counties → townships → villages; county and township organizations,
                leaders and cadres
  `village`     one village, in drawing order
  `roles`       who answers for a village, one function per role with the gaps its rule can have
  `planting`    which rules are still to plant, and how many were planted
  `households`  households, benefits and help pairs (the hot path)
  `enterprises` enterprises and the households they lift
  `output`      the files and their headers
  `months`      monthly snapshots: the first month, then each month's turnover
"""
