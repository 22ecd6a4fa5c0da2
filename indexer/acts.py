"""The verbs by which one document acts on another: the one table.

Read by ``indexer.effects`` (a document's own final provisions) and
``indexer.candidates`` (what a report says one document did to another).
Each row is (event kind, pattern of the verb as printed, case-insensitive
when compiled). Every pattern is a bounded sequence of literals: linear.
"""
from __future__ import annotations

from kb.model import AMENDS, EXPIRES, REPEALS, REPLACES, SUSPENDS

# One document acting on another: "A bãi bỏ B", "A thay thế B".
ACTING_VERBS: list[tuple[str, str]] = [
    (REPEALS, r"bãi\s+bỏ|hủy\s+bỏ|huỷ\s+bỏ"),
    (REPLACES, r"thay\s+thế"),
    (AMENDS, r"sửa\s+đổi(?:\s*,?\s*bổ\s+sung)?|bổ\s+sung"),
    (SUSPENDS, r"(?:đình\s+chỉ|ngưng)\s+(?:hiệu\s+lực|thi\s+hành|việc\s+thi\s+hành)"),
]

# A document's end said of it: "B hết hiệu lực kể từ ngày …".
EXPIRING_VERBS: list[tuple[str, str]] = [
    (EXPIRES, r"hết\s+hiệu\s+lực|chấm\s+dứt\s+hiệu\s+lực|không\s+còn\s+hiệu\s+lực"),
]

VERBS: list[tuple[str, str]] = EXPIRING_VERBS + ACTING_VERBS

# Changing the wording of a document is amending it: "Thay cụm từ “A” bằng
# cụm từ “B” tại …", "Thay thế cụm từ …", "Bỏ cụm từ …", "Bỏ từ …". Tried
# before the verbs above ("thay thế" alone replaces a document).
WORDING_VERBS: list[tuple[str, str]] = [
    (AMENDS, r"(?:thay(?:\s+thế)?|bỏ|bãi\s+bỏ|bổ\s+sung)\s+(?:một\s+số\s+|các\s+)?(?:cụm\s+từ|từ\s+ngữ|từ)(?!\w)"),
]
