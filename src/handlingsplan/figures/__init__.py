"""Numbers derived from a loaded programme, computed once and used by the rules, the status,
the document and (later) the annual report and the workbook alike, so that they cannot disagree.

- shares: exact percentages, and shares of one whole that add up to exactly 100 %
- goals: where a goal stood at the end of the previous year, and what the tiltak contribute
- changes: what changed since last year's plan
- budget: the cost posts × sources matrix of a year's budget
"""
