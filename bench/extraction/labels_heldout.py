"""Held-out hand labels: scraped vbpl.vn documents labelled by reading, after the
rules were written and before the parser was ever run on them (drawn at random,
seed 20261129, among the documents with a pháp điển source note that are not in
labels_vbpl.py; three whose scraped text lacks its final articles were left out).
Same conventions as labels_vbpl.py. Never adjusted after a bench run.
"""

LABELS = {
    "16-2021-tt-nhnn": ("2022-01-15", [("expires", "22/2016/TT-NHNN"), ("expires", "15/2018/TT-NHNN")]),
    "13-2020-q-ttg": ("2020-05-22", []),
    "11-2012-tt-btp": ("2012-12-20", []),
    "95-2015-qh13": ("2017-07-01", []),
    "92-2015-qh13": ("2016-07-01", [("amends", "10/2012/QH13"), ("repeals_part", "10/2012/QH13"),
                                    ("expires", "24/2004/QH11")]),
    "25-2016-tt-bct": ("2017-01-16", [("expires", "12/2010/TT-BCT")]),
    "137-2013-n-cp": ("2013-12-10", [("expires", "105/2005/NĐ-CP")]),
    "101-2012-n-cp": ("2013-03-26", [("replaces", "64/2001/NĐ-CP")]),
    "23-2023-qh15": ("2023-08-15", []),
    "09-2012-qh13": ("2013-05-01", []),
    "61-2014-qh13": ("2015-07-01", [("amends", "11/2012/QH13")]),
    "19-2023-qh15": ("2024-07-01", [("amends", "92/2015/QH13"), ("expires", "59/2010/QH12")]),
    "06-2012-qh13": ("2013-01-01", []),
}
